"""Questionnaire versions in the database: loaded from the project's files, frozen once answered."""

import hashlib

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models import Answer, QuestionnaireVersion, Response, Round
from questionnaire.loader import QuestionnaireError, load_file, load_text, version_path
from questionnaire.model import Questionnaire


def ensure_version(session: Session, version: str) -> QuestionnaireVersion:
    """The stored version `version`, loaded from `questionnaire/versions/<version>.yaml` the first time.

    A file that has changed since it was stored replaces the stored text only while no round using it has an
    answer; after that the version is frozen and a change must become a new version (a new file).
    """
    path = version_path(version)
    if not path.exists():
        raise QuestionnaireError("version", f"no questionnaire file for version {version!r}", source=str(path))
    parsed = load_file(path)
    if parsed.version != version:
        raise QuestionnaireError("version", f"the file says {parsed.version!r}, expected {version!r}", str(path))
    source = path.read_text(encoding="utf-8")
    checksum = hashlib.sha256(source.encode()).hexdigest()
    stored = session.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.version == version))
    if stored is None:
        stored = QuestionnaireVersion(version=version, source=source, checksum=checksum)
        session.add(stored)
        session.flush()
    elif stored.checksum != checksum:
        if is_frozen(session, stored):
            raise QuestionnaireError(
                "version",
                f"version {version!r} is frozen (a round using it has answers); save the change as a new version",
                str(path),
            )
        stored.source, stored.checksum = source, checksum
        session.flush()
    return stored


def is_frozen(session: Session, stored: QuestionnaireVersion) -> bool:
    answered = (
        select(Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .join(Round, Round.id == Response.round_id)
        .where(Round.questionnaire_version_id == stored.id)
    )
    return bool(session.scalar(select(exists(answered))))


_parsed: dict[tuple[str, str], Questionnaire] = {}


def questionnaire_of(stored: QuestionnaireVersion) -> Questionnaire:
    """The parsed questionnaire of a stored version, parsed once per text and then kept.

    The YAML text is a deferred column: it is read from the database only the first time a process needs it.
    """
    key = (stored.version, stored.checksum)
    if key not in _parsed:
        _parsed[key] = load_text(stored.source, source=f"questionnaire {stored.version}")
    return _parsed[key]
