"""Scores of each submitted response, computed once when it is submitted, imported or reopened.

Dashboards and the API read this table instead of scoring raw answers on every view (SPEC §4 rules live in
`reports/scoring.py`; `services/stored_tables/` keeps this table in step). A response has a row only while it is
submitted.
"""

from datetime import datetime

from sqlalchemy import Double, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class ResponseScore(Base):
    __tablename__ = "response_scores"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The organisation's type and county when scored, so groups need no join (the type also decided which
    #: items applied).
    organisation_type: Mapped[str] = mapped_column(String(16))
    county_code: Mapped[str | None] = mapped_column(String(2))
    #: Dimension scores 0–100, unrounded; null where SPEC §4 says null.
    staircase: Mapped[float | None] = mapped_column(Double)
    roles: Mapped[float | None] = mapped_column(Double)
    resources: Mapped[float | None] = mapped_column(Double)
    gis: Mapped[float | None] = mapped_column(Double)
    accessibility: Mapped[float | None] = mapped_column(Double)
    maturity_index: Mapped[float | None] = mapped_column(Double)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
