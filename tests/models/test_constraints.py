"""Models and the constraints the database itself enforces."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Response, Round, RoundStatus, User
from tests.factories import organisation


def test_one_response_per_organisation_and_round(app, open_round):
    with app.app_context():
        round_ = db.session.query(Round).one()
        region = organisation("region-25")
        db.session.add(Response(organisation=region, round=round_))
        db.session.commit()
        db.session.add(Response(organisation=region, round=round_))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_submitted_response_must_have_its_time(app, open_round):
    with app.app_context():
        db.session.add(
            Response(
                organisation=organisation("region-01"),
                round=db.session.query(Round).one(),
                status="submitted",
            )
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_respondent_must_belong_to_an_organisation(app, reference):
    with app.app_context():
        db.session.add(User(email="x@example.se", role="respondent"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_unknown_roles_and_types_are_refused_by_the_database(app, reference):
    with app.app_context():
        db.session.add(User(email="y@example.se", role="superuser"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_times_come_back_timezone_aware(app, open_round):
    with app.app_context():
        round_ = db.session.query(Round).one()
        when = datetime(2025, 9, 1, 8, 30, tzinfo=UTC)
        round_.opens_at = when
        db.session.commit()
        db.session.expire_all()
        assert db.session.query(Round).one().opens_at == when
        assert db.session.query(Round).one().created_at.tzinfo is not None


def test_round_status_follows_admin_action_and_dates():
    now = datetime(2025, 10, 1, tzinfo=UTC)
    round_ = Round(slug="x", state="draft")
    assert round_.status(now) == RoundStatus.DRAFT
    round_.state = "open"
    assert round_.status(now) == RoundStatus.OPEN
    round_.opens_at = now + timedelta(days=1)
    assert round_.status(now) == RoundStatus.DRAFT  # opened, but not yet
    round_.opens_at, round_.closes_at = now - timedelta(days=30), now - timedelta(seconds=1)
    assert round_.status(now) == RoundStatus.CLOSED  # the closing date has passed
    round_.closes_at = None
    round_.state = "closed"
    assert round_.status(now) == RoundStatus.CLOSED
