"""Writing the audit log. Callers flush with their own change and commit once, so an event and what it records
land together or not at all."""

from typing import Any

from sqlalchemy.orm import Session

from models import AuditEvent

#: Keys that must never reach the audit log, whatever a caller passes.
_SECRET_KEYS = {"password", "token", "secret", "cookie", "session", "password_hash", "token_hash"}


def record(
    session: Session,
    action: str,
    actor: str,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    organisation_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor=actor,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        organisation_id=organisation_id,
        detail={key: value for key, value in detail.items() if key not in _SECRET_KEYS},
    )
    session.add(event)
    return event
