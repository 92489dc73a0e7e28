"""Small, known rounds for the dashboard and results tests, answered through the same services as the app.

Round 2024 (named): Region Norrbotten, its board and Region Stockholm submitted.
Round 2025 (named, open): seven organisations in Norrbotten and Stockholm submitted; Region Skåne has a draft.
Round 2026 (anonymous): two regions and a municipality submitted.
"""

from models import RoundStatus
from questionnaire.model import Questionnaire
from services.questionnaires import questionnaire_of
from services.rounds import create_round, get_round, set_state

#: Organisation → level (1–5) of its answers, per round.
ROUNDS = {
    "2024": {"region-25": 2, "lst-25": 3, "region-01": 4},
    "2025": {
        "region-25": 3,
        "lst-25": 4,
        "kommun-2580": 3,
        "kommun-2584": 1,
        "region-01": 5,
        "lst-01": 3,
        "kommun-0180": 4,
    },
    "2026": {"region-25": 2, "region-01": 4, "kommun-2580": 3},
}
TOPICS = ["digital-planning", "gis-competence", "long-term-funding", "accessibility", "europe"]


def values_for(questionnaire: Questionnaire, organisation_type: str, level: int) -> dict[str, str]:
    """A whole answer at `level`: every scale item at it (targets one higher), numbers, choices and a ranking."""
    values = {}
    for question in questionnaire.questions_for(organisation_type):
        if question.type == "scale":
            values[question.id] = str(min(5, level + (question.staircase_role == "target")))
        elif question.type == "number":
            values[question.id] = str(level * 1.5)
        elif question.type == "choice":
            values[question.id] = question.option_ids()[level % len(question.option_ids())]
        elif question.type == "multichoice":
            options = [option for option in question.option_ids() if option != "none"]
            values[question.id] = "|".join(options[:level])
        elif question.type == "ranking":
            values[question.id] = ">".join(TOPICS[level - 1 :] + TOPICS[: level - 1])
    return values


def build_rounds(app, with_anonymous: bool = True) -> None:
    """The rounds above, in one transaction (round 2025 comes from the `open_round` fixture)."""
    from extensions import db
    from services.responses import get_or_create_response, save_answers, submit
    from services.rounds import topic_ids
    from tests.factories import organisation

    with app.app_context():
        for slug, levels in ROUNDS.items():
            if slug == "2026" and not with_anonymous:
                continue
            if slug == "2025":
                found = get_round(db.session, slug)
            else:
                visibility = "anonymous" if slug == "2026" else "named"
                found = create_round(db.session, slug, actor="test", visibility=visibility)
                set_state(db.session, found, RoundStatus.CLOSED, actor="test")
            questionnaire = questionnaire_of(found.questionnaire_version)
            drafts = {"region-12": 5} if slug == "2025" else {}
            for code, level in {**levels, **drafts}.items():
                response = get_or_create_response(db.session, organisation(code), found)
                values = values_for(questionnaire, code.split("-")[0], level)
                save_answers(
                    db.session,
                    response,
                    values,
                    questionnaire,
                    actor="test",
                    source="import",
                    topic_ids=topic_ids(found),
                )
                if code not in drafts:
                    submit(db.session, response, actor="test")
        db.session.commit()
