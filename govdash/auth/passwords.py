"""Password hashing with argon2id: salted, slow, verified in constant time."""

from __future__ import annotations

from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH: Final = 8
MAX_PASSWORD_LENGTH: Final = 256

_hasher = PasswordHasher()
# Verified when the user name is unknown, so that a wrong name costs as much time as a wrong password
# and response times do not reveal which names exist.
_DUMMY_HASH: Final = _hasher.hash("govdash-no-such-user")


def check_password_policy(password: str, *, user_name: str | None = None) -> None:
    """Raise ``ValueError`` (Chinese message) when a new password is too weak to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"密码不能超过 {MAX_PASSWORD_LENGTH} 个字符")
    if password.strip() != password or not password.strip():
        raise ValueError("密码首尾不能是空白字符")
    if user_name and password.lower() == user_name.lower():
        raise ValueError("密码不能与用户名相同")


def hash_password(password: str) -> str:
    """Return the argon2id hash (with its own random salt and parameters) of ``password``."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password`` against ``stored_hash``; with no hash, burn the same time and return False."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Tell whether a hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
