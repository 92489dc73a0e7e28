"""Contact persons of an organisation: whom to mail invitations, reminders and receipts, round after round.

Personal data: exported, erased and pruned with the rest (services/personal_data.py). They belong to the
organisation, not to a round, so a new round starts with the contacts the last one had.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.organisation import Organisation

#: Languages a contact can get mail in; Swedish unless they ask for English.
CONTACT_LANGUAGES = ("sv", "en")


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # One contact per address and organisation. The address is stored lower-cased (services/contacts.py
        # normalises it as it does users'), so this is unique on lower(email) without an expression index, which
        # SQLite cannot reflect.
        UniqueConstraint("organisation_id", "email"),
        CheckConstraint("language IN ('sv', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Lower case, stripped.
    email: Mapped[str] = mapped_column(String(254))
    #: Free text: "planeringschef", "GIS-samordnare" …
    role: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Contact {self.organisation_id} {self.id}>"
