"""How a view shows that a service refused (a `ServiceError`, already in the user's language): the changes of the
refused attempt are rolled back first, so the page shown after it reads what is stored and nothing half-done
is committed with a redirect."""

from typing import TypeVar

from flask import abort, flash

from services.errors import ServiceError
from views.transactions import undo

T = TypeVar("T")


def field_error(field, error: ServiceError) -> None:
    """Show the refusal beside the form field it is about."""
    undo()
    field.errors = [*field.errors, error.message]


def flash_error(error: ServiceError) -> None:
    """Show the refusal at the top of the next page."""
    undo()
    flash(error.message, "error")


def found_or_404(found: T | None) -> T:
    if found is None:
        abort(404)
    return found
