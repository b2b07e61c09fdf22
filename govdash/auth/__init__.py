"""Accounts, roles, sign-in with throttling, permission checks, scopes and the audit log (no Streamlit here).

Who may import or undo which batch is ``govdash.services.uploads``, which builds on these.
"""

from govdash.auth.guard import PermissionDenied, require_role
from govdash.auth.login import LoginResult, authenticate, sign_out
from govdash.auth.roles import ROLE_LABELS, ROLES, Actor, Role, parse_role
from govdash.auth.users import UserError, create_user, list_users, set_active, set_password, set_role

__all__ = [
    "ROLES", "ROLE_LABELS", "Actor", "LoginResult", "PermissionDenied", "Role", "UserError", "authenticate",
    "create_user", "list_users", "parse_role", "require_role", "set_active", "set_password", "set_role", "sign_out",
]
