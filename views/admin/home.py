"""The admin start page: every round with how far it has come, and where to go next."""

from flask import render_template
from sqlalchemy import select

from extensions import db
from models import Round
from services.round_progress import summary
from views.admin import bp


@bp.get("/")
def home():
    rounds = list(db.session.scalars(select(Round).order_by(Round.slug.desc())))
    summaries = [(found, summary(db.session, found)) for found in rounds[:3]]
    return render_template("admin/home.html", summaries=summaries, more_rounds=len(rounds) > 3)
