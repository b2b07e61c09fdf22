"""Accounts, roles, sign-in with throttling, permission checks and the audit log (no Streamlit here)."""

from govdash.auth.guard import PermissionDenied, require_role
from govdash.auth.login import LoginResult, authenticate, sign_out
from govdash.auth.roles import ROLE_LABELS, ROLES, Actor, Role, parse_role
from govdash.auth.uploads import authorized_import, authorized_inspect, authorized_undo, can_change_batch
from govdash.auth.users import UserError, create_user, list_users, set_active, set_password, set_role

__all__ = [
    "ROLES", "ROLE_LABELS", "Actor", "LoginResult", "PermissionDenied", "Role", "UserError", "authenticate",
    "authorized_import", "authorized_inspect", "authorized_undo", "can_change_batch", "create_user", "list_users",
    "parse_role", "require_role", "set_active", "set_password", "set_role", "sign_out",
]
