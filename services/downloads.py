"""The audit log's record of data that leaves the service: answers, lists of organisations and contacts, links and
dashboard figures, whichever page or API call sent them. The caller commits, after what it sent was read."""

from sqlalchemy.orm import Session

from services import audit


def record_answers_export(session: Session, round_slug: str, actor: str, **detail) -> None:
    audit.record(session, "responses.export", actor, object_type="round", object_id=round_slug, **detail)


def record_status_list(session: Session, round_slug: str, actor: str) -> None:
    audit.record(session, "round.status_export", actor, object_type="round", object_id=round_slug)


def record_reminder_list(session: Session, round_slug: str, actor: str) -> None:
    audit.record(session, "round.reminders_export", actor, object_type="round", object_id=round_slug)


def record_links_download(session: Session, round_slug: str, actor: str, *, links: int) -> None:
    audit.record(session, "invitation.download", actor, object_type="round", object_id=round_slug, links=links)


def record_chart_download(session: Session, round_slug: str, actor: str, *, dashboard: str, chart: str) -> None:
    audit.record(
        session,
        "dashboard.download",
        actor,
        object_type="round",
        object_id=round_slug,
        dashboard=dashboard,
        chart=chart,
    )
