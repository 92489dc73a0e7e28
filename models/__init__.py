"""All models, imported here so Alembic and `db.create_all` see every table."""

from models.answer_tally import AmbitionGapTally, AnswerTally
from models.api_token import ApiToken
from models.audit_event import AuditEvent
from models.base import Base, utcnow
from models.contact import CONTACT_LANGUAGES, Contact
from models.county import County
from models.group_statistic import GroupStatistic
from models.import_upload import ImportUpload, UploadStatus
from models.invitation import Invitation
from models.login_session import LoginSession
from models.organisation import Organisation
from models.organisation_type import OrganisationType
from models.outbox_message import OutboxMessage, OutboxState
from models.password_link import PasswordLink
from models.questionnaire_version import QuestionnaireVersion
from models.response import Answer, AnswerChange, Response, ResponseStatus
from models.response_score import ResponseScore
from models.round import Round, RoundStatus, RoundTopic, Visibility
from models.round_mail_text import MAIL_TEXT_KINDS, RoundMailText
from models.user import ROLES, Role, User

__all__ = [
    "CONTACT_LANGUAGES",
    "MAIL_TEXT_KINDS",
    "ROLES",
    "AmbitionGapTally",
    "Answer",
    "AnswerChange",
    "AnswerTally",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Contact",
    "County",
    "GroupStatistic",
    "ImportUpload",
    "Invitation",
    "LoginSession",
    "Organisation",
    "OrganisationType",
    "OutboxMessage",
    "OutboxState",
    "PasswordLink",
    "QuestionnaireVersion",
    "Response",
    "ResponseScore",
    "ResponseStatus",
    "Role",
    "Round",
    "RoundMailText",
    "RoundStatus",
    "RoundTopic",
    "UploadStatus",
    "User",
    "Visibility",
    "utcnow",
]
