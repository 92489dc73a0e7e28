"""The respondent's journey: invitation link → landing → sections → review → submit → receipt.

Every page works as a plain form post; static/js/autosave.js only adds saving in the background.
"""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from extensions import db, limiter
from forms.questionnaire import SectionForm, form_data, section_form_class
from models import RoundStatus
from questionnaire.values import InvalidValue
from services import audit
from services.invitations import find_by_token, mark_used
from services.progress import progress, sections_for
from services.questionnaires import questionnaire_of
from services.responses import (
    ResponseLocked,
    SaveConflict,
    answers_of,
    find_response,
    get_or_create_response,
    save_answers,
    submit,
)
from services.rounds import topic_ids
from views.auth import forget_login
from views.respondent_access import INVITATION_KEY, RespondentAccess, respondent_access

bp = Blueprint("respond", __name__)

#: About ten wrong links a minute from one connection; then a 429 page until the minute has passed.
INVITATION_FAILURE_LIMIT = "10 per minute"


def _link_failed(response) -> bool:
    """Only links that do not work count against the rate limit; a colleague's many good opens never do."""
    return response.status_code == 404


@bp.get("/i/<token>")
@limiter.limit(INVITATION_FAILURE_LIMIT, deduct_when=_link_failed)
def open_invitation(token: str):
    """Check the link's secret, keep the invitation in the session and move on to an address without the secret."""
    invitation = find_by_token(db.session, token)
    if invitation is None or not invitation.is_usable():
        return render_template("respond/invalid_link.html"), 404
    forget_login("replaced")  # a link opens a respondent's session: whoever was logged in here is not any more
    session[INVITATION_KEY] = invitation.id
    mark_used(invitation)
    audit.record(
        db.session,
        "invitation.open",
        invitation.actor,
        object_type="invitation",
        object_id=invitation.id,
        organisation_id=invitation.organisation_id,
    )
    db.session.commit()
    return redirect(url_for("respond.landing", slug=invitation.round.slug))


def _context(access: RespondentAccess) -> dict:
    questionnaire = questionnaire_of(access.round.questionnaire_version)
    response = find_response(db.session, access.organisation, access.round)
    answers = answers_of(db.session, response)
    return {
        "access": access,
        "round": access.round,
        "organisation": access.organisation,
        "questionnaire": questionnaire,
        "response": response,
        "answers": answers,
        "sections": sections_for(questionnaire, access.organisation.type),
        "progress": progress(questionnaire, access.organisation.type, answers),
        "round_open": access.round.status() == RoundStatus.OPEN,
        "topics": {topic.topic_id: topic for topic in access.round.topics},
    }


@bp.get("/respond/<slug>/")
def landing(slug: str):
    context = _context(respondent_access(slug))
    return render_template("respond/landing.html", **context)


@bp.route("/respond/<slug>/section/<section_id>", methods=["GET", "POST"])
def section(slug: str, section_id: str):
    access = respondent_access(slug)
    context = _context(access)
    sections = context["sections"]
    current = next((s for s in sections if s.id == section_id), None)
    if current is None:
        abort(404)
    response = context["response"]
    if response is not None and response.is_submitted:
        flash(_("Your organisation's response has been submitted. An organiser can reopen it if it needs changes."))
        return redirect(url_for("respond.receipt", slug=slug))
    if not context["round_open"]:
        return render_template("respond/closed.html", **context), 409
    topics = topic_ids(access.round)
    form_class = section_form_class(context["questionnaire"], current, access.organisation.type, topics)
    autosave = request.headers.get("X-Autosave") == "1"
    conflicts = {}
    if request.method == "GET":
        form = form_class(data=form_data(form_class.questions, context["answers"]) | {"version": _version(response)})
    else:
        form = form_class()
        if form.validate():
            outcome = _save(access, context, form, autosave)
            if isinstance(outcome, SaveConflict):
                conflicts = outcome.conflicts
                # The page now shows what the colleague saved; saving again means "I have seen it, use mine".
                form.version.data = outcome.current_version
            elif autosave:
                return jsonify(status="saved", version=outcome)
            else:
                return _after_save(slug, sections, current, form.action.data)
        if autosave:
            return jsonify(status="invalid" if not conflicts else "conflict", version=form.version.data), 409
    index = sections.index(current)
    return render_template(
        "respond/section.html",
        form=form,
        section=current,
        section_number=index + 1,
        previous_section=sections[index - 1] if index > 0 else None,
        next_section=sections[index + 1] if index + 1 < len(sections) else None,
        conflicts=conflicts,
        **context,
    ), _status(request.method, form, conflicts)


def _status(method: str, form: SectionForm, conflicts: dict) -> int:
    if method == "GET":
        return 200
    return 409 if conflicts else 422


def _version(response) -> int:
    return response.version if response is not None else 0


def _save(access: RespondentAccess, context: dict, form: SectionForm, autosave: bool):
    """Save the section in one transaction. Returns the new version, or the SaveConflict that stopped it."""
    response = context["response"] or get_or_create_response(db.session, access.organisation, access.round)
    try:
        result = save_answers(
            db.session,
            response,
            form.values(),
            context["questionnaire"],
            actor=access.actor,
            source="autosave" if autosave else "web",
            topic_ids=topic_ids(access.round),
            base_version=form.version.data or 0,
        )
    except SaveConflict as conflict:
        db.session.rollback()
        return conflict
    except (ResponseLocked, InvalidValue):
        db.session.rollback()
        abort(409)
    db.session.commit()
    return result.version


def _after_save(slug: str, sections, current, action: str | None):
    index = sections.index(current)
    if action == "next":
        if index + 1 < len(sections):
            return redirect(url_for("respond.section", slug=slug, section_id=sections[index + 1].id))
        return redirect(url_for("respond.review", slug=slug))
    if action == "previous" and index > 0:
        return redirect(url_for("respond.section", slug=slug, section_id=sections[index - 1].id))
    if action == "review":
        return redirect(url_for("respond.review", slug=slug))
    flash(_("Your answers have been saved."))
    return redirect(url_for("respond.section", slug=slug, section_id=current.id))


@bp.get("/respond/<slug>/review")
def review(slug: str):
    context = _context(respondent_access(slug))
    return render_template("respond/review.html", **context)


@bp.post("/respond/<slug>/submit")
def submit_response(slug: str):
    """Submit the organisation's response. CSRFProtect has checked the token; a second submit changes nothing."""
    access = respondent_access(slug)
    context = _context(access)
    response = context["response"]
    if response is not None and response.is_submitted:
        return redirect(url_for("respond.receipt", slug=slug))
    if not context["round_open"]:
        return render_template("respond/closed.html", **context), 409
    if context["progress"].answered == 0 and not context["answers"]:
        flash(_("Answer at least one question before you submit."), "error")
        return redirect(url_for("respond.review", slug=slug))
    submit(db.session, response, actor=access.actor)
    db.session.commit()
    return redirect(url_for("respond.receipt", slug=slug))


@bp.get("/respond/<slug>/receipt")
def receipt(slug: str):
    context = _context(respondent_access(slug))
    if context["response"] is None or not context["response"].is_submitted:
        return redirect(url_for("respond.review", slug=slug))
    return render_template("respond/receipt.html", **context)
