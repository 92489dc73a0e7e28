"""Writing the audit log. Callers flush with their own change and commit once, so an event and what it records
land together or not at all."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models import AuditEvent, utcnow

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
        detail=_without_secrets(detail),
    )
    session.add(event)
    return event


def record_each(
    session: Session,
    action: str,
    actor: str,
    *,
    object_type: str,
    objects: Mapping[str | int, int | None],
    **detail: Any,
) -> None:
    """The same event for each of many objects (object id → its organisation id), in one INSERT: an import that
    submits a thousand responses records a thousand events without a thousand ORM objects."""
    if not objects:
        return
    now = utcnow()
    kept = _without_secrets(detail)
    session.execute(
        insert(AuditEvent.__table__),
        [
            {
                "at": now,
                "actor": actor,
                "action": action,
                "object_type": object_type,
                "object_id": str(object_id),
                "organisation_id": organisation_id,
                "detail": kept,
            }
            for object_id, organisation_id in objects.items()
        ],
    )


def _without_secrets(detail: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in detail.items() if key not in _SECRET_KEYS}


@dataclass(frozen=True)
class AuditFilter:
    """What the admin's audit-log page filters on; empty fields do not filter."""

    action: str | None = None
    actor: str | None = None
    organisation_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(session: Session, wanted: AuditFilter, *, limit: int = 100, offset: int = 0) -> tuple[list[AuditEvent], int]:
    """Events matching every filter, newest first, and how many there are in all.

    `action` matches an exact action (`login.failure`) or, ending in a dot, a family (`invitation.`).
    """
    query = select(AuditEvent)
    if wanted.action:
        if wanted.action.endswith("."):
            query = query.where(AuditEvent.action.startswith(wanted.action, autoescape=True))
        else:
            query = query.where(AuditEvent.action == wanted.action)
    if wanted.actor:
        query = query.where(AuditEvent.actor == wanted.actor)
    if wanted.organisation_id:
        query = query.where(AuditEvent.organisation_id == wanted.organisation_id)
    if wanted.object_type:
        query = query.where(AuditEvent.object_type == wanted.object_type)
    if wanted.object_id:
        query = query.where(AuditEvent.object_id == wanted.object_id)
    if wanted.since:
        query = query.where(AuditEvent.at >= wanted.since)
    if wanted.until:
        query = query.where(AuditEvent.at < wanted.until)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset))
    return list(events), total


def actions(session: Session) -> list[str]:
    """Every action that occurs in the log, for the filter's list."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
