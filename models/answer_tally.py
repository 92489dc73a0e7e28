"""Pre-counted answers and ambition gaps per round, organisation type and county, kept when answers change state.

The dashboards read these instead of raw answers, so a page costs the same with ten thousand responses a round as
with ten. `reports/tallies.py` says what is counted; `services/stored_tables/` keeps the rows in step with the
submitted responses (submit, reopen, import, rescore, seeding).
"""

from sqlalchemy import ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class AnswerTally(Base):
    __tablename__ = "answer_tallies"

    # Keyed round, question, cell, value: every read asks for some questions of some rounds.
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The organisation type and county of the responses counted (as in `response_scores`); '' for no county.
    organisation_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    county_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    #: '' counts the responses that answered the question; else a step or option id, or `<rank>:<topic>`.
    value: Mapped[str] = mapped_column(String(128), primary_key=True)
    #: Submitted responses of the cell with this value; rows that reach 0 are deleted.
    responses: Mapped[int] = mapped_column(Integer)


class AmbitionGapTally(Base):
    __tablename__ = "ambition_gap_tallies"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    organisation_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    #: '' for organisations without a county.
    county_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    #: The staircase partner (`d1_lst`), and the steps 1–5 given today and as the target in three years.
    partner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    today: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    target: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    responses: Mapped[int] = mapped_column(Integer)
