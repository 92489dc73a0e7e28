"""A file an admin uploaded on the import page, checked and waiting for the admin to confirm the import.

Kept in the database rather than on one host's disk, so the confirmation may reach any app host behind the proxy.
The file itself is emptied once it is imported, discarded or expired; the row (with its counts) is pruned after a
day (`services/import_uploads.py`).
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.round import Round


class UploadStatus(StrEnum):
    CHECKED = "checked"
    IMPORTED = "imported"
    DISCARDED = "discarded"


class ImportUpload(Base):
    __tablename__ = "import_uploads"
    __table_args__ = (CheckConstraint("status IN ('checked', 'imported', 'discarded')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The random id in the page's address (`secrets.token_urlsafe`); only the admin who uploaded may use it.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    #: The name the file had on the admin's computer, for the pages and the audit log only.
    filename: Mapped[str] = mapped_column(String(255))
    #: Submit the imported drafts (the command's `--submit`).
    submit: Mapped[bool] = mapped_column(Boolean, default=False)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The file itself while it waits; null once imported, discarded or expired.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(16), default=UploadStatus.CHECKED.value)
    #: What the import would change, as the check found it (`ImportSummary` fields).
    preview: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: What the import did change (`ImportSummary` fields); null until imported.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship(lazy="joined")
