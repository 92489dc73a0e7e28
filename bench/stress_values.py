"""The stress set's answers, drawn as `services/demo.py` draws the demo's (`_answer`, `_target`, `_choice`,
`_multichoice`), but for thousands of organisations at once with numpy instead of one value at a time."""

import numpy as np

from questionnaire.model import Question, Questionnaire
from services import demo, demo_answers


def answer_values(questionnaire: Questionnaire, kind: str, organisations: dict, rows, level, topics, rng) -> dict:
    """question id → array of values (None: not answered) for the organisations `rows`, as services/demo.py draws
    them (`_answer`, `_target`, `_choice`, `_multichoice`), vectorised."""
    n = len(rows)
    county = organisations["county"][rows]
    north = np.isin(county, list(demo.NORTH))
    staff, gis = organisations["staff"][rows], organisations["gis"][rows]
    values: dict[str, np.ndarray] = {}
    for question in questionnaire.questions_for(kind):
        if question.staircase_role == "target":
            values[question.id] = _targets(values[f"{question.partner_id}_today"], rng)
        elif question.type == "scale":
            values[question.id] = _scale(question, level, staff, gis, rng)
        elif question.type == "number":
            amount = staff if question.id == "d3_staff_fte" else gis
            numbers = np.maximum(0.0, amount + rng.normal(0, 0.2, n))
            values[question.id] = np.array([f"{x:.1f}".rstrip("0").rstrip(".") or "0" for x in numbers], object)
        elif question.type == "choice":
            values[question.id] = _choice(question, level, gis, rng)
        elif question.type == "multichoice":
            values[question.id] = _multichoice(question, kind, level, north, rng)
        elif question.type == "ranking":
            counts = rng.choice([3, 4, 5, 5], size=n)
            ranked = []
            for row, count in zip(rows, counts, strict=True):
                chosen = [t for t in organisations["taste"][row] if t in topics][:count]
                ranked.append(">".join(rng.permutation(chosen)) if chosen else None)
            values[question.id] = np.array(ranked, object)
        elif question.id == "d8_good_example":
            texts = rng.choice(demo_answers.GENERIC_EXAMPLES, size=n).astype(object)
            values[question.id] = np.where(rng.random(n) < 0.3, texts, None)
        elif question.id == "d8_support_wanted":
            texts = rng.choice(demo_answers.SUPPORT_WANTED, size=n).astype(object)
            values[question.id] = np.where(rng.random(n) < 0.6, texts, None)
    return values


def _scale(question: Question, level, staff, gis, rng) -> np.ndarray:
    n = len(level)
    item_level = level + demo_answers.PARTNER_OFFSET.get(question.partner_id or "", 0.0)
    if question.section_id == "gis":
        item_level = item_level + (gis - 1.5) * 0.35
    if question.section_id == "resources":
        item_level = item_level + (staff - 4) * 0.08 - 0.3
    if question.reverse:
        item_level = 6 - item_level
    steps = np.clip(np.rint(item_level + rng.normal(0, 0.6, n)), 1, 5).astype(int).astype(str).astype(object)
    return np.where(rng.random(n) < 0.04, "na", steps)


def _targets(today: np.ndarray, rng) -> np.ndarray:
    n = len(today)
    missing = (today == "na") | np.equal(today, None)
    steps = np.where(missing, 0, np.array([int(v) if v not in ("na", None) else 0 for v in today]))
    raised = np.minimum(5, steps + rng.choice([0, 1, 2], size=n, p=[0.3, 0.6, 0.1])).astype(str).astype(object)
    guessed = np.where(rng.random(n) < 0.7, "na", rng.choice(["2", "3"], size=n)).astype(object)
    return np.where(missing, guessed, raised)


def _choice(question: Question, level, gis, rng) -> np.ndarray:
    n = len(level)
    if question.id == "d3_funding_horizon":
        other = rng.choice(["project", "multi-year"], size=n)
        return np.where(level + rng.normal(0, 0.7, n) > 3.2, "permanent", other).astype(object)
    if question.id == "d4_gis_access":
        drawn = rng.choice(["shared-pool", "consultants", "own-staff", "none"], size=n)
        drawn = np.where((drawn == "none") & (gis >= 0.3), "consultants", drawn)
        return np.where(gis >= 1.5, "own-staff", drawn).astype(object)
    if question.id == "d7_formats":
        return rng.choice(["both", "physical", "digital"], size=n, p=[0.5, 0.3, 0.2]).astype(object)
    return rng.choice(question.option_ids(), size=n).astype(object)


def _multichoice(question: Question, kind: str, level, north, rng) -> np.ndarray:
    n = len(level)
    options = [option for option in question.option_ids() if option not in ("none", "other")]
    if question.id == "d6_barriers":
        weights = {
            "short-term-funding": 0.6, "individual-dependence": 0.5, "staff-turnover": 0.35,
            "differing-expectations": 0.35, "weak-political-anchoring": 0.25, "sector-silos": 0.4,
            "limited-influence": 0.15,
        }  # fmt: skip
        chances = []
        for option in options:
            if option == "unclear-roles":
                chances.append(0.45 - 0.05 * level)
            elif option == "lack-gis-competence":
                chances.append(np.where(north | (kind == "kommun"), 0.6, 0.25))
            else:
                chances.append(np.full(n, weights.get(option, 0.2)))
        chosen = rng.random((n, len(options))) < np.column_stack(chances)
        empty = None
    else:
        chance = np.clip((level - 1.5) / 3, 0.1, 0.9)
        chosen = rng.random((n, len(options))) < chance[:, None]
        empty = "none" if "none" in question.option_ids() else None
    joined = ["|".join(o for o, picked in zip(options, row, strict=True) if picked) or empty for row in chosen]
    return np.array(joined, object)
