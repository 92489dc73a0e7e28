"""Who may use a route. Every view declares it with one of these decorators; nothing is open by accident."""

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
