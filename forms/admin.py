"""Forms of the admin console. Choices that depend on the database (rounds, counties) are filled in by the view."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from forms.fields import MultiCheckboxField

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class RoundDetailsForm(FlaskForm):
    title_sv = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    visibility = RadioField(
        _l("Who sees organisation names in the results"),
        choices=[],
        default="named",
        validators=[DataRequired(_l("Choose who sees organisation names."))],
    )
    opens_on = DateField(
        _l("Opens on (optional)"),
        validators=[Optional()],
        description=_l("The round opens at midnight that day, Swedish time, once you have also opened it."),
    )
    closes_on = DateField(
        _l("Closes after (optional)"),
        validators=[Optional()],
        description=_l("The round closes at the end of that day, Swedish time. The links stop working then."),
    )


class RoundCreateForm(RoundDetailsForm):
    slug = StringField(
        _l("Short name"),
        validators=[
            DataRequired(_l("Give the round a short name, such as 2026.")),
            Regexp(SLUG_PATTERN, message=_l("Use only lower-case letters, digits and dashes, such as 2026.")),
        ],
        description=_l("Used in addresses and files, such as 2026. It cannot be changed later."),
    )
    source = SelectField(_l("Questionnaire and topic list"), choices=[], validate_choice=True)


class TopicRowForm(Form):
    topic_id = HiddenField()
    title_sv = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    position = IntegerField(
        _l("Order"),
        validators=[Optional(), NumberRange(min=0, max=999, message=_l("Give a number from 0 to 999."))],
    )
    remove = BooleanField(_l("Remove"))


class TopicsForm(FlaskForm):
    topics = FieldList(FormField(TopicRowForm))


class InvitationCreateForm(FlaskForm):
    types = MultiCheckboxField(_l("Organisation types"), choices=[], validate_choice=False)
    county = SelectField(_l("County"), choices=[], default="", validate_choice=True)
    codes = TextAreaField(
        _l("Or name organisations by code"),
        validators=[Optional(), Length(max=20000)],
        description=_l("One or more codes separated by spaces or new lines, such as kommun-0180 region-25."),
    )
    contact_name = StringField(_l("Contact person (optional)"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(
        _l("Contact person's e-mail (optional)"),
        validators=[
            Optional(),
            Email(_l("Enter an e-mail address such as name@kommun.se."), check_deliverability=False),
            Length(max=254),
        ],
        description=_l(
            "Only when you invite a single organisation. Used for reminders; erased after the retention period."
        ),
    )
    skip_invited = BooleanField(_l("Leave out organisations that already have a working link"), default=True)


def _role_field() -> RadioField:
    return RadioField(_l("Role"), choices=[], validators=[DataRequired(_l("Choose a role."))])


def _organisation_code_field() -> StringField:
    """The organisation a respondent answers for, by its code."""
    return StringField(
        _l("Organisation code (respondents only)"),
        validators=[Optional(), Length(max=64)],
        description=_l("Such as kommun-0180. A respondent answers for this organisation."),
    )


class UserCreateForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("Enter an e-mail address such as name@myndighet.se."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = _role_field()
    organisation = _organisation_code_field()


class RoleForm(FlaskForm):
    role = _role_field()
    organisation = _organisation_code_field()


class PersonForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter the e-mail address.")), Length(max=254)],
    )


class EraseForm(PersonForm):
    confirm = BooleanField(
        _l("I understand that the address and name are erased for good. The organisation's answers stay."),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET): it changes nothing

    action = SelectField(_l("What happened"), choices=[], validate_choice=False)
    actor = StringField(_l("Who (such as user:3, invitation:12, cli)"), validators=[Optional(), Length(max=64)])
    organisation = StringField(_l("Organisation code"), validators=[Optional(), Length(max=64)])
    since = DateField(_l("From (date)"), validators=[Optional()])
    until = DateField(_l("To and including (date)"), validators=[Optional()])
