"""Group statistics of the scores and the number answers, per round, for every group a dashboard can show.

Medians and quartiles cannot be added up, so they are kept per group: each organisation type in each county, each
type over all counties, each county over all types and the nation ('*' means "every"). Recomputed for the groups a
response belongs to when it is submitted or reopened, and for the whole round on import, rescore and seeding
(`services/stored_tables/`; the rules in `reports/tallies.py`).
"""

from sqlalchemy import Double, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class GroupStatistic(Base):
    __tablename__ = "group_statistics"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    #: An organisation type, or '*' for every type.
    organisation_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    #: A county code, or '*' for every county (organisations without a county are only in '*').
    county_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    #: A dimension, `maturity_index`, a number question's id, or `responses` (only n: the submitted responses).
    measure: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Organisations with a value; the figures are null when it is 0.
    n: Mapped[int] = mapped_column(Integer)
    mean: Mapped[float | None] = mapped_column(Double)
    median: Mapped[float | None] = mapped_column(Double)
    minimum: Mapped[float | None] = mapped_column(Double)
    maximum: Mapped[float | None] = mapped_column(Double)
    #: Lower and upper quartile (pandas' linear interpolation).
    q1: Mapped[float | None] = mapped_column(Double)
    q3: Mapped[float | None] = mapped_column(Double)
