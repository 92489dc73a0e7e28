"""The form of a round's forum follow-up: per topic, whether the forum covered it and in which session."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.validators import Length, Optional

from forms.admin import choices

#: The choice's value → what it records (None: not recorded yet).
COVERED_VALUES = {"": None, "yes": True, "no": False}


class ForumRowForm(Form):
    topic_id = HiddenField()
    covered = SelectField(
        _l("Covered at the forum"),
        choices=choices([("", _l("Not recorded")), ("yes", _l("Yes, covered")), ("no", _l("No, not covered"))]),
        default="",
        validate_choice=True,
    )
    session = StringField(
        _l("Session"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
    )


class ForumForm(FlaskForm):
    topics = FieldList(FormField(ForumRowForm))
