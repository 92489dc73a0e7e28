"""Small, known rounds for the dashboard and results tests, answered through the same services as the app.

Round 2024 (named): Region Norrbotten, its board and Region Stockholm submitted.
Round 2025 (named, open): seven organisations in Norrbotten and Stockholm submitted; Region Skåne has a draft.
Round 2026 (anonymous): two regions and a municipality submitted.
"""

from models import RoundStatus
from questionnaire.model import Questionnaire
from services.questionnaires import questionnaire_of
from services.rounds import create_round, get_round, set_state
from tests.factories import answer

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
    from extensions import db

    with app.app_context():
        for slug in ROUNDS:
            if slug == "2026" and not with_anonymous:
                continue
            found = get_round(db.session, slug) if slug == "2025" else None
            if found is None:
                found = create_round(
                    db.session, slug, actor="test", visibility="anonymous" if slug == "2026" else "named"
                )
                set_state(db.session, found, RoundStatus.CLOSED, actor="test")
            db.session.commit()
    for slug, levels in ROUNDS.items():
        if slug == "2026" and not with_anonymous:
            continue
        with app.app_context():
            questionnaire = questionnaire_of(get_round(db.session, slug).questionnaire_version)
        for code, level in levels.items():
            organisation_type = code.split("-")[0]
            answer(app, slug, code, values_for(questionnaire, organisation_type, level))
    with app.app_context():
        questionnaire = questionnaire_of(get_round(db.session, "2025").questionnaire_version)
    answer(app, "2025", "region-12", values_for(questionnaire, "region", 5), submit=False)
