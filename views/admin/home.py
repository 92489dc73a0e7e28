"""The admin start page: every round with how far it has come, and where to go next."""

from flask import render_template

from extensions import db
from services.round_progress import summary
from services.rounds import all_rounds
from views.admin import bp


@bp.get("/")
def home():
    rounds = all_rounds(db.session)
    summaries = [(found, summary(db.session, found)) for found in rounds[:3]]
    return render_template("admin/home.html", summaries=summaries, more_rounds=len(rounds) > 3)
