"""A ranking: topic ids in rank order, joined by `>`, at most `MAX_RANKED`, each topic once. Its options are a
fixed list in the file, or (`options_from: topics`) the round's own topic list."""

import random
from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from wtforms import Field

from questionnaire.checks import QuestionnaireError
from questionnaire.kinds.base import FileContext, InvalidValue, Kind, Leaning
from questionnaire.model import MAX_RANKED, Question

RANK_SEPARATOR = ">"


def split_ranking(value: str | None) -> list[str]:
    return value.split(RANK_SEPARATOR) if value else []


def ranked_topics(value) -> list[str]:
    """The topics of one ranking that count, in rank order: its first `MAX_RANKED` distinct topic ids (a topic
    repeated counts once, at its first place; empty parts and a value that is not text give nothing)."""
    if not isinstance(value, str):
        return []
    return list(dict.fromkeys(topic for topic in value.split(RANK_SEPARATOR) if topic))[:MAX_RANKED]


class RankingField(Field):
    """A ranking as five plain selects (rank 1 … rank 5) that all post under the field's name.

    Works without JavaScript. `data` is the list of five chosen topic ids in rank order, '' for an empty place,
    so a page sent back with an error shows exactly what was chosen.
    """

    places = MAX_RANKED

    def process_formdata(self, valuelist: list[str]) -> None:
        chosen = [value.strip() for value in valuelist[: self.places]]
        self.data = chosen + [""] * (self.places - len(chosen))

    def process_data(self, value) -> None:
        chosen = list(value or [])[: self.places]
        self.data = chosen + [""] * (self.places - len(chosen))

    def _value(self) -> list[str]:
        return self.data or [""] * self.places


class RankingKind(Kind):
    name = "ranking"
    keys = frozenset({"options", "options_from"})
    tallied = True
    cacheable = True
    value_format = "topic ids in rank order joined by > (at most five)"

    def parse(self, mapping: Mapping[str, Any], path: str, context: FileContext) -> dict[str, Any]:
        if "options_from" in mapping and mapping["options_from"] != "topics":
            raise QuestionnaireError(f"{path}.options_from", "the only list a ranking takes its options from is topics")
        if "options_from" in mapping:
            return {"options_from_topics": True}
        if "options" not in mapping:
            raise QuestionnaireError(path, "a ranking needs options or `options_from: topics`")
        return {"options": context.options(mapping["options"], f"{path}.options")}

    def normalise(self, question: Question, text: str, topic_ids: Collection[str]) -> str:
        allowed = topic_ids if question.options_from_topics else question.option_ids()
        ranked = [part.strip() for part in text.split(RANK_SEPARATOR)]
        if any(part == "" for part in ranked):
            raise InvalidValue(_("A ranking has an empty place."))
        unknown = [topic for topic in ranked if topic not in allowed]
        if unknown:
            raise InvalidValue(_("“%(value)s” is not a topic of this round.", value=unknown[0]))
        if len(set(ranked)) != len(ranked):
            raise InvalidValue(_("Each topic can be ranked only once."))
        if len(ranked) > MAX_RANKED:
            raise InvalidValue(_("Rank at most %(max)d topics.", max=MAX_RANKED))
        return RANK_SEPARATOR.join(ranked)

    def display(self, question: Question, value: str, topics: Mapping[str, Any], locale: str) -> str:
        return "; ".join(
            f"{rank}. {topics[topic].title(locale) if topic in topics else topic}"
            for rank, topic in enumerate(split_ranking(value), start=1)
        )

    def codebook_values(self, question: Question, topics: list[tuple[str, str, str]]) -> tuple[list[str], ...]:
        if question.options_from_topics:
            return [t[0] for t in topics], [t[1] for t in topics], [t[2] for t in topics]
        return super().codebook_values(question, topics)

    def tally_parts(self, value: str) -> list[str] | None:
        # Counted like the points: the first five distinct topics, under `<rank>:<topic>`.
        places = [f"{rank}:{topic}" for rank, topic in enumerate(ranked_topics(value), start=1)]
        return places or None

    def draw(self, question: Question, rng: random.Random, leaning: Leaning) -> str | None:
        """Three to five of the organisation's preferred topics, each once, in an order of its own."""
        count = rng.choice([3, 4, 5, 5])
        allowed = leaning.topic_ids if question.options_from_topics else question.option_ids()
        ranked = [topic for topic in dict.fromkeys(leaning.preferred) if topic in allowed][:count]
        rng.shuffle(ranked)
        return RANK_SEPARATOR.join(ranked) or None

    def field(self, question: Question) -> Any:
        return RankingField()

    def to_data(self, value: str | None) -> Any:
        return split_ranking(value)

    def to_raw(self, field: Field) -> str:
        # Empty places are skipped, so ranks 1, 2 and 4 filled in means a ranking of three.
        return RANK_SEPARATOR.join(topic for topic in (field.data or []) if topic)


KIND = RankingKind()
