"""Forms of an organisation's page in the admin console: its names and its contact persons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional


class OrganisationNamesForm(FlaskForm):
    name_sv = StringField(
        _l("Name in Swedish"),
        validators=[DataRequired(_l("Give the name in Swedish.")), Length(max=200)],
    )
    name_en = StringField(
        _l("Name in English"),
        validators=[DataRequired(_l("Give the name in English.")), Length(max=200)],
    )


class ContactForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the contact person's name.")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("Enter an e-mail address such as name@kommun.se."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = StringField(
        _l("Role (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Such as planeringschef or GIS-samordnare."),
    )
    language = RadioField(
        _l("Language of the e-mails"),
        choices=[SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))],
        default="sv",
        validators=[InputRequired(_l("Choose a language."))],
    )
