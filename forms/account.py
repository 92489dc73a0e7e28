"""Forms for a user's own account: changing the password, and setting one from a one-time link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from services.password_policy import MAX_PASSWORD_LENGTH


def _new_password_fields():
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=MAX_PASSWORD_LENGTH)],
        description=_l("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
    )
    again = PasswordField(
        _l("The new password again"),
        validators=[
            DataRequired(_l("Enter the new password once more.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
    )
    return new, again


class PasswordSetForm(FlaskForm):
    new_password, new_password_again = _new_password_fields()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password.")), Length(max=1024)]
    )
    new_password, new_password_again = _new_password_fields()
