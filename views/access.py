"""Who may use a route. Every view declares it with one of these decorators; nothing is open by accident.

The whole picture (every route × every kind of visitor) is the table in tests/access_matrix.py, which fails when
a route has no row.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from extensions import login_manager


def roles_required(*roles: str) -> Callable:
    """Logged-in users with one of `roles` only: anonymous users go to the login page, others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


#: Any logged-in user, whatever the role (their own account, logging out).
login_required_any = roles_required("admin", "reviewer", "respondent")


def require_role(*roles: str):
    """The same rule for a whole blueprint, from its `before_request`: returns a response to stop, or None."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None
