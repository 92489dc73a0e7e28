"""WTForms classes built at run time from the questionnaire, one per section.

The class depends on the questionnaire version, the section and the organisation type (items that do not apply
are not there at all), and is built once and cached: building it is most of the cost of a page.
"""

import re
from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField

from forms.handlers import CanonicalValue
from questionnaire.kinds import kind_for
from questionnaire.model import Question, Questionnaire, Section

#: The largest version a response can have: the database column is a 32-bit integer.
MAX_VERSION = 2**31 - 1


class VersionField(Field):
    """The response version a page was loaded at, as the page sent it back.

    Anything but a whole number from 0 to `MAX_VERSION` (a page tampered with, a number too large for the
    database) is read as unknown, 0: the save then treats every stored answer as possibly unseen, so it is a
    conflict wherever the sender's answer differs from a colleague's, never a silent overwrite and never an error.
    """

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        self.data = int(raw) if re.fullmatch(r"[0-9]{1,10}", raw) and int(raw) <= MAX_VERSION else 0


class SectionForm(FlaskForm):
    class Meta:
        # CSRFProtect checks every post before any view runs (and keeps typed answers when the check fails, see
        # views/recovery.py); checking the token a second time here would only cost time.
        csrf = False

        def get_translations(self, form):
            # Every message these fields show comes from the questionnaire's own checks, already translated; looking
            # up WTForms' catalogue for each of forty fields on every post would only cost time.
            return None

    #: The response version the page was loaded at; a save from an older version is a conflict.
    version = VersionField()
    #: Which button was pressed: save, next or previous.
    action = HiddenField()

    questions: tuple[Question, ...] = ()

    def values(self) -> dict[str, str | None]:
        """The validated answers in their stored form (None for a question left empty)."""
        return {q.id: getattr(self, q.id).canonical for q in self.questions}


def section_form_class(
    questionnaire: Questionnaire, section: Section, organisation_type: str, topic_ids: tuple[str, ...]
) -> type[SectionForm]:
    return page_form_class(questionnaire, (section.id,), organisation_type, topic_ids)


@lru_cache(maxsize=256)
def page_form_class(
    questionnaire: Questionnaire, section_ids: tuple[str, ...], organisation_type: str, topic_ids: tuple[str, ...]
) -> type[SectionForm]:
    """The form of a page showing `section_ids` (one section, or the whole questionnaire on one page)."""
    questions = tuple(
        question
        for section_id in section_ids
        for question in questionnaire.section(section_id).questions_for(organisation_type)
    )
    attributes: dict = {"questions": questions}
    for question in questions:
        kind = kind_for(question)
        unbound = kind.field(question)
        unbound.kwargs["validators"] = [CanonicalValue(question, kind.to_raw, topic_ids)]
        attributes[question.id] = unbound
    return type(f"SectionForm_{'_'.join(section_ids)}", (SectionForm,), attributes)


def form_data(questions: tuple[Question, ...], answers: dict[str, str]) -> dict:
    """Stored answers → the `data` a section form starts from."""
    return {q.id: kind_for(q).to_data(answers.get(q.id)) for q in questions}
