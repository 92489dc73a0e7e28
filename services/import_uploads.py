"""The admin import page's two steps, around the very functions `flask import-responses` runs.

1. `check_upload`: the file is read with `services.import_files.read_table` and imported with
   `services.importing.import_table` inside a savepoint that is then rolled back. A file with problems raises
   `ImportRefused` (every problem with its line number) and nothing is kept; a clean one is kept in
   `import_uploads` with what the import would change, so the admin sees exactly what will happen before it does.
2. `import_upload`: claims the kept file once (a conditional UPDATE, so a double click imports once) and runs
   `import_table` on it again: the database may have changed meanwhile, so every row is checked again, and a file
   that has since become wrong is refused as a whole. The file is then emptied; the counts stay for the result page.

A kept file can be confirmed for `KEEP_FOR` and only by the admin who uploaded it; rows are deleted after
`PRUNE_AFTER`. Every check and every import is in the audit log: `responses.import_check` for each file checked
(refused or clean), `responses.import` for each import, also one that changed nothing (the import service itself
records only imports that change something, which is what the command shows).
"""

import hashlib
import secrets
from dataclasses import asdict
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import ImportUpload, Round, UploadStatus, utcnow
from services import audit
from services.errors import Conflict, NotFound
from services.import_files import UnreadableFile, read_table
from services.import_writer import ImportSummary
from services.importing import ImportRefused, import_table

#: How long a checked file waits for the admin's confirmation.
KEEP_FOR = timedelta(minutes=30)
#: When the row of an upload (its counts, not the file: that goes sooner) is deleted.
PRUNE_AFTER = timedelta(days=1)
KEY_LENGTH = 22  # secrets.token_urlsafe(16)


class UploadExpired(Conflict):
    """The checked file waited too long, or was already imported or discarded."""

    def __init__(self):
        super().__init__(
            _(
                "This file can no longer be imported: it was already imported or discarded, or it waited more than "
                "%(minutes)d minutes. Upload it again.",
                minutes=KEEP_FOR.seconds // 60,
            )
        )


def check_upload(
    session: Session, found_round: Round, data: bytes, filename: str, *, submit: bool, user_id: int, actor: str
) -> ImportUpload:
    """Check the file as the import would, keep it, and return the kept upload with its preview.

    Raises `UnreadableFile` for a file that is neither CSV nor XLSX, `ImportRefused` listing the first problems; either
    way nothing is kept and the answers are untouched, and the check is recorded in the audit log (the caller
    commits it).
    """
    prune(session)
    detail = {"file": filename[:255], "bytes": len(data), "submit": submit}
    try:
        table = read_table(data, filename)
        savepoint = session.begin_nested()
        try:
            summary = import_table(session, found_round, table, submit=submit, actor=actor)
        finally:
            savepoint.rollback()
    except (ImportRefused, UnreadableFile) as refused:
        problems = refused.total if isinstance(refused, ImportRefused) else 1
        result = "refused" if isinstance(refused, ImportRefused) else "unreadable"
        _record(session, "responses.import_check", found_round, actor, result=result, problems=problems, **detail)
        raise
    upload = ImportUpload(
        key=secrets.token_urlsafe(16),
        user_id=user_id,
        round_id=found_round.id,
        filename=filename[:255],
        submit=submit,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        status=UploadStatus.CHECKED.value,
        preview=asdict(summary),
    )
    session.add(upload)
    counts = {"rows": summary.rows, "changes": summary.changes}
    _record(session, "responses.import_check", found_round, actor, result="clean", **counts, **detail)
    session.flush()
    return upload


def _record(session: Session, action: str, found_round: Round, actor: str, **detail) -> None:
    """Every check (refused, unreadable or clean), import and discard is in the audit log, under the round."""
    audit.record(session, action, actor, object_type="round", object_id=found_round.slug, **detail)


def get_upload(session: Session, key: str, user_id: int) -> ImportUpload:
    """The upload with this key if this user made it and it has not been pruned; NotFound otherwise."""
    found = None
    if len(key) == KEY_LENGTH:
        found = session.scalar(select(ImportUpload).where(ImportUpload.key == key, ImportUpload.user_id == user_id))
    if found is None or found.created_at < utcnow() - PRUNE_AFTER:
        raise NotFound(_("There is no such upload."))
    return found


def is_waiting(upload: ImportUpload) -> bool:
    """Checked, and still within the time it may be confirmed."""
    return upload.status == UploadStatus.CHECKED and upload.created_at >= utcnow() - KEEP_FOR


def import_upload(session: Session, upload: ImportUpload, *, actor: str) -> ImportSummary:
    """Import the kept file once; raises UploadExpired when it is no longer waiting, ImportRefused when a row has
    become wrong since the check (nothing is then imported and the upload stays as it was)."""
    claimed = session.execute(
        update(ImportUpload)
        .where(
            ImportUpload.id == upload.id,
            ImportUpload.status == UploadStatus.CHECKED.value,
            ImportUpload.created_at >= utcnow() - KEEP_FOR,
        )
        .values(status=UploadStatus.IMPORTED.value, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise UploadExpired()
    data = session.scalar(select(ImportUpload.data).where(ImportUpload.id == upload.id)) or b""
    summary = import_table(session, upload.round, read_table(data, upload.filename), submit=upload.submit, actor=actor)
    if not summary.changes:
        _record(session, "responses.import", upload.round, actor, file=upload.filename, **asdict(summary))
    session.execute(
        update(ImportUpload)
        .where(ImportUpload.id == upload.id)
        .values(data=None, result=asdict(summary))
        .execution_options(synchronize_session=False)
    )
    session.refresh(upload)
    return summary


def discard_upload(session: Session, upload: ImportUpload, *, actor: str) -> None:
    """Throw a waiting file away without importing it."""
    if upload.status != UploadStatus.CHECKED:
        raise UploadExpired()
    upload.status = UploadStatus.DISCARDED.value
    upload.data = None
    upload.finished_at = utcnow()
    _record(session, "responses.import_discard", upload.round, actor, file=upload.filename)
    session.flush()


def prune(session: Session) -> None:
    """Empty the files that waited too long and delete uploads older than PRUNE_AFTER."""
    now = utcnow()
    session.execute(delete(ImportUpload).where(ImportUpload.created_at < now - PRUNE_AFTER))
    session.execute(
        update(ImportUpload)
        .where(ImportUpload.created_at < now - KEEP_FOR, ImportUpload.data.is_not(None))
        .values(data=None)
        .execution_options(synchronize_session=False)
    )


def summary_of(counts: dict | None) -> ImportSummary | None:
    """An `ImportSummary` from the counts stored with an upload."""
    return ImportSummary(**counts) if counts else None
