"""Forms of the round's e-mail pages: the invitation and reminder texts, and the sending of them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

PLACEHOLDER_HINT = _l("Placeholders: {organisation}, {link}, {closes}; in reminders also {progress}.")


class MailTextsForm(FlaskForm):
    """Both languages' subject and body of one kind of message; the placeholders are checked by the service."""

    subject_sv = StringField(_l("Subject in Swedish"), validators=[DataRequired(), Length(max=300)])
    body_sv = TextAreaField(_l("Text in Swedish"), validators=[DataRequired(), Length(max=20000)])
    subject_en = StringField(_l("Subject in English"), validators=[DataRequired(), Length(max=300)])
    body_en = TextAreaField(
        _l("Text in English"), validators=[DataRequired(), Length(max=20000)], description=PLACEHOLDER_HINT
    )


class MailTestForm(FlaskForm):
    language = HiddenField(validators=[DataRequired()])


class SendInvitationsForm(FlaskForm):
    organisation_type = SelectField(_l("Organisation type"), choices=[], default="", validate_choice=True)
    codes = TextAreaField(
        _l("Or name organisations by code"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Leave both empty to invite every organisation. Contacts who hold a working link are skipped."),
    )
    confirm = BooleanField(
        _l("Yes, e-mail an invitation to each of these organisations' contacts"),
        validators=[DataRequired(_l("Tick the box to confirm that the messages should be sent."))],
    )


class SendRemindersForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, e-mail a reminder to the contacts of every organisation that has not submitted"),
        validators=[DataRequired(_l("Tick the box to confirm that the messages should be sent."))],
    )
