"""What a password must be: at least 12 characters, and not a common or easily guessed one.

"Common" is judged by zxcvbn (MIT; Dropbox's estimator, maintained in Python by Daniel Wolf): its lists of the
30,000 most used passwords, English words, names and keyboard patterns, plus the words below that someone would
try against this service in particular. A password whose estimated guess count stays under 10^8 (zxcvbn score
< 3) is refused. There are no composition rules (OWASP ASVS 6.2.5): a long phrase of plain words is fine.
"""

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
#: Long enough for any passphrase or password manager; bounds the work of the strength estimate.
MAX_PASSWORD_LENGTH = 256
#: zxcvbn's "safely unguessable" step: more than 10^8 guesses.
MIN_SCORE = 3
#: Words an attacker of this particular service tries first, in Swedish and English.
SERVICE_WORDS = (
    "samverkan",
    "samverkanstrappan",
    "trappan",
    "regionalt",
    "forum",
    "planering",
    "region",
    "lansstyrelsen",
    "länsstyrelsen",
    "kommun",
    "lösenord",
    "losenord",
    "sommar",
    "vinter",
    "hösten",
    "password",
    "admin",
)


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why `password` is not good enough, in the user's language, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("The password may be at most %(n)d characters long.", n=MAX_PASSWORD_LENGTH)
    personal = []
    if email:
        local, _at, domain = email.lower().partition("@")
        personal = [local, *local.replace("-", ".").split("."), *domain.split(".")]
    estimate = zxcvbn(
        password, user_inputs=[*SERVICE_WORDS, *(p for p in personal if p)], max_length=MAX_PASSWORD_LENGTH
    )
    if estimate["score"] < MIN_SCORE:
        return _(
            "This password is too easy to guess: it is a common password, or close to one, or built from your "
            "e-mail address. Try three or four unrelated words."
        )
    return None
