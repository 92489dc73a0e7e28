"""A questionnaire version: the YAML text as it was when loaded, so a round's questions never change under it."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class QuestionnaireVersion(Base):
    __tablename__ = "questionnaire_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The version name from the file (`v1`); unique, referenced by rounds and the API.
    version: Mapped[str] = mapped_column(String(32), unique=True)
    #: The validated YAML source. Parsed again (and cached) when a round needs its questions.
    source: Mapped[str] = mapped_column(Text, deferred=True)
    #: SHA-256 of `source`; loading a file whose text differs under the same version name is refused.
    checksum: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<QuestionnaireVersion {self.version}>"
