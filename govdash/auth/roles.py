"""Roles and the signed-in person as the service layer sees them.

访客 viewer < 评估员 evaluator < 管理员 admin: each role may do everything the roles below it may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Role = Literal["viewer", "evaluator", "admin"]

ROLES: Final[tuple[Role, ...]] = ("viewer", "evaluator", "admin")
ROLE_LABELS: Final[dict[str, str]] = {"viewer": "访客", "evaluator": "评估员", "admin": "管理员"}
ANONYMOUS_NAME: Final = "匿名访客"


def parse_role(text: str) -> Role:
    """Return the role for an English code or its Chinese label, or raise ``ValueError`` in Chinese."""
    cleaned = text.strip()
    for role in ROLES:
        if cleaned.lower() == role or cleaned == ROLE_LABELS[role]:
            return role
    choices = "、".join(f"{r}({ROLE_LABELS[r]})" for r in ROLES)
    raise ValueError(f"未知的角色“{text}”,可选:{choices}")


def role_at_least(role: str, minimum: str) -> bool:
    """Tell whether ``role`` ranks at or above ``minimum`` (an unknown role ranks below every role)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(parse_role(minimum))


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, an anonymous reader, or the command line.

    The service functions re-read the user from the database before any write, so an ``Actor`` kept in a
    browser session cannot outlive its account being disabled or demoted.
    """

    name: str
    role: Role
    user_id: int | None = None
    display_name: str | None = None
    system: bool = False

    @classmethod
    def anonymous(cls) -> Actor:
        """Return an anonymous reader (``GOVDASH_PUBLIC_READ``): may read, never write."""
        return cls(name=ANONYMOUS_NAME, role="viewer")

    @classmethod
    def system_actor(cls, name: str = "命令行") -> Actor:
        """Whoever runs the ``govdash`` command on the server: trusted, since they can reach the database anyway."""
        return cls(name=name, role="admin", system=True)

    @property
    def is_anonymous(self) -> bool:
        """True for a reader who has not signed in."""
        return self.user_id is None and not self.system

    @property
    def label(self) -> str:
        """The name to show: the display name when there is one."""
        return self.display_name or self.name

    @property
    def role_label(self) -> str:
        """The role in Chinese (访客 / 评估员 / 管理员)."""
        return ROLE_LABELS[self.role]

    def can(self, minimum: str) -> bool:
        """Tell whether this actor's role reaches ``minimum`` (a UI hint; services check the database)."""
        return role_at_least(self.role, minimum)
