"""Demo values drawn by each kind are values the gate accepts, and a ranking never ranks one topic twice."""

import random

import pytest

from questionnaire.kinds import kind_for
from questionnaire.kinds.base import Leaning
from questionnaire.loader import VERSIONS_DIR, load_file
from questionnaire.values import normalise

TOPICS = ("digital-planning", "accessibility", "europe", "rural-development", "gis-competence", "cross-border")


@pytest.fixture(scope="module")
def questionnaire():
    return load_file(VERSIONS_DIR / "v1.yaml")


@pytest.mark.parametrize("level", [0.0, 1.0, 3.0, 5.0, 7.0])
def test_every_drawn_value_passes_the_gate_unchanged(app, questionnaire, level):
    rng = random.Random(level)
    leaning = Leaning(level=level, item_level=level, amount=level * 3, preferred=TOPICS, topic_ids=TOPICS)
    drawn = 0
    with app.test_request_context():
        for _ in range(20):
            for question in questionnaire.questions():
                value = kind_for(question).draw(question, rng, leaning)
                if value is not None:
                    assert normalise(question, value, TOPICS) == value, (question.id, value)
                    drawn += 1
    assert drawn > 20 * 40


def test_a_ranking_takes_a_topic_preferred_twice_once(questionnaire):
    ranking = questionnaire.question("d7_topics")
    preferred = ("rural-development", "europe", "accessibility", "rural-development", "cross-border", "europe")
    leaning = Leaning(preferred=preferred, topic_ids=TOPICS)
    for seed in range(50):
        ranked = kind_for(ranking).draw(ranking, random.Random(seed), leaning).split(">")
        assert len(ranked) == len(set(ranked)) >= 3
        assert set(ranked) <= {"rural-development", "europe", "accessibility", "cross-border"}
