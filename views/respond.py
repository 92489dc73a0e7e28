"""The respondent's journey: invitation link → landing → sections → review → submit → receipt.

Every page works as a plain form post; static/js/autosave.js only adds saving in the background.
"""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from extensions import db, limiter
from forms.questionnaire import SectionForm, form_data, page_form_class
from models import RoundStatus
from questionnaire.values import InvalidValue
from services.invitations import find_by_token, record_opening
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
from views.question_html import PageState, topic_views
from views.read_only import after_opening
from views.recovery import RECOVERY_KEY, pop_recovered
from views.respondent_access import INVITATION_KEY, RespondentAccess, respondent_access
from views.transactions import READ_THEN_WRITE, WRITE, transaction, write_step

bp = Blueprint("respond", __name__)

#: The page id of "every section on one page", used where a section id would be.
ALL_ON_ONE_PAGE = "all"
#: About ten wrong links a minute from one connection; then a 429 page until the minute has passed.
INVITATION_FAILURE_LIMIT = "10 per minute"


def _link_failed(response) -> bool:
    """Only links that do not work count against the rate limit; a colleague's many good opens never do."""
    return response.status_code == 404


@bp.route("/i/<token>", methods=["GET", "POST"])
@transaction(WRITE)
@limiter.limit(INVITATION_FAILURE_LIMIT, deduct_when=_link_failed)
def open_invitation(token: str):
    """Check the link's secret, keep the invitation in the session and move on to an address without the secret.

    Someone logged in is asked first, and switches with a post (CSRF-checked): a GET can be sent by any site, and
    must not log an admin out."""
    invitation = find_by_token(db.session, token)
    if invitation is None or not invitation.is_readable():
        return render_template("respond/invalid_link.html"), 404
    if current_user.is_authenticated and request.method == "GET":
        return render_template("respond/switch_to_invitation.html", invitation=invitation, token=token)
    # A link opens a respondent's session: whoever was logged in here is not any more. Only the language and
    # answers kept from an expired page carry over.
    recovered = session.get(RECOVERY_KEY)
    forget_login("replaced")
    if recovered:
        session[RECOVERY_KEY] = recovered
    session.permanent = True
    session[INVITATION_KEY] = invitation.id
    record_opening(db.session, invitation)
    return redirect(after_opening(invitation))


def _context(access: RespondentAccess, *, with_answers: bool = True) -> dict:
    """What the respondent's pages show. A post that saves needs no answers or progress (it reads what it needs
    under its lock), so `with_answers=False` leaves them out until `_add_answers` is called for a page to show."""
    questionnaire = questionnaire_of(access.round.questionnaire_version)
    context = {
        "access": access,
        "round": access.round,
        "organisation": access.organisation,
        "questionnaire": questionnaire,
        "response": find_response(db.session, access.organisation, access.round),
        "sections": sections_for(questionnaire, access.organisation.type),
        "round_open": access.round.status() == RoundStatus.OPEN,
        "topics": {topic.topic_id: topic for topic in access.round.topics},
        "section_urls": _section_urls(access.round.slug, questionnaire),
    }
    return _add_answers(context) if with_answers else context


def _add_answers(context: dict) -> dict:
    answers = answers_of(db.session, context["response"])
    context["answers"] = answers
    context["progress"] = progress(context["questionnaire"], context["organisation"].type, answers)
    return context


def _section_urls(slug: str, questionnaire) -> dict[str, str]:
    """Every section's address from one url_for: the navigation is on every page and has a link per section."""
    pattern = url_for("respond.section", slug=slug, section_id="__section__")
    return {section.id: pattern.replace("__section__", section.id) for section in questionnaire.sections}


def _not_yet_open(context: dict):
    """The page for a round still in draft, whose questionnaire no respondent may see yet; None once it opened."""
    if context["round"].status() == RoundStatus.DRAFT:
        return render_template("respond/closed.html", **context), 409
    return None


@bp.get("/respond/<slug>/")
def landing(slug: str):
    context = _context(respondent_access(slug))
    return _not_yet_open(context) or render_template("respond/landing.html", **context)


@bp.route("/respond/<slug>/section/<section_id>", methods=["GET", "POST"])
@transaction(READ_THEN_WRITE)
def section(slug: str, section_id: str):
    access = respondent_access(slug)
    context = _context(access, with_answers=request.method == "GET")
    current = next((s for s in context["sections"] if s.id == section_id), None)
    if current is None:
        abort(404)
    return _edit_page(access, context, [current], page_id=section_id)


@bp.route("/respond/<slug>/all", methods=["GET", "POST"])
@transaction(READ_THEN_WRITE)
def whole(slug: str):
    """Every section on one page, for those who prefer to scroll (or to print the questionnaire)."""
    access = respondent_access(slug)
    context = _context(access, with_answers=request.method == "GET")
    return _edit_page(access, context, context["sections"], page_id=ALL_ON_ONE_PAGE)


def _edit_page(access: RespondentAccess, context: dict, page_sections: list, page_id: str):
    """Show or save a page of the questionnaire. A post saves the whole page or, if anything is wrong, nothing."""
    slug = access.round.slug
    response = context["response"]
    if not context["round_open"]:
        return render_template("respond/closed.html", **_add_answers(context)), 409
    if response is not None and response.is_submitted:
        flash(_("Your organisation's response has been submitted. An organiser can reopen it if it needs changes."))
        return redirect(url_for("respond.receipt", slug=slug))
    section_ids = tuple(section.id for section in page_sections)
    form_class = page_form_class(
        context["questionnaire"], section_ids, access.organisation.type, topic_ids(access.round)
    )
    autosave = request.headers.get("X-Autosave") == "1"
    conflicts: dict = {}
    version = _version(response)
    recovered = pop_recovered(slug, page_id) if request.method == "GET" else None
    if recovered is not None:
        # Answers typed on a page that had expired: shown again, saved only when the respondent presses Save.
        data, errors = _typed(form_class(formdata=recovered)), {}
    elif request.method == "GET":
        # A plain view of what is stored needs no form object: the page is rendered from the answers directly.
        data, errors = form_data(form_class.questions, context["answers"]), {}
    else:
        form = form_class()
        if form.validate():
            outcome = _save(access, context, form, autosave)
            if isinstance(outcome, SaveConflict):
                conflicts = outcome.conflicts
                # The page now shows what the colleague saved; saving again means "I have seen it, use mine".
                version = outcome.current_version
            elif autosave:
                return jsonify(status="saved", version=outcome)
            else:
                return _after_save(slug, context["sections"], page_sections, form.action.data)
        else:
            version = form.version.data or 0
        if autosave:
            return jsonify(status="invalid" if not conflicts else "conflict", version=version), 409
        data, errors = _typed(form), {key: tuple(value) for key, value in form.errors.items()}
        _add_answers(context)  # the page is shown again, with the progress as it now stands
    page_state = PageState(data, errors, conflicts, topic_views(access.round.topics))
    return _page(context, page_sections, form_class, page_state, version), _status(request.method, errors, conflicts)


def _page(context: dict, page_sections: list, form_class, page_state: PageState, version: int) -> str:
    """The page of `page_sections`, with the navigation to the sections before and after it."""
    sections = context["sections"]
    first, last = sections.index(page_sections[0]), sections.index(page_sections[-1])
    return render_template(
        "respond/section.html",
        page_state=page_state,
        page_questions=form_class.questions,
        version=version,
        page_sections=page_sections,
        section=page_sections[0] if len(page_sections) == 1 else None,
        section_number=first + 1,
        previous_section=sections[first - 1] if first > 0 else None,
        next_section=sections[last + 1] if last + 1 < len(sections) else None,
        conflicts=page_state.conflicts,
        page_url=request.path,
        **context,
    )


def _typed(form: SectionForm) -> dict:
    """What the respondent sent, as field data: shown again exactly as typed."""
    return {question.id: form[question.id].data for question in form.questions}


def _status(method: str, errors: dict, conflicts: dict) -> int:
    if method == "GET":
        return 200
    return 409 if conflicts else 422


def _version(response) -> int:
    return response.version if response is not None else 0


def _save(access: RespondentAccess, context: dict, form: SectionForm, autosave: bool):
    """Save the section in one short write transaction. Returns the new version, or the SaveConflict that stopped it.

    Everything before this (access, the form's checks) ran in a read transaction, which ends here; the save reads
    the response's state again under its lock, so nothing read before can be stale."""
    values, topics, base_version = form.values(), topic_ids(access.round), form.version.data or 0
    try:
        with write_step():
            response = context["response"] or get_or_create_response(db.session, access.organisation, access.round)
            result = save_answers(
                db.session,
                response,
                values,
                context["questionnaire"],
                actor=access.actor,
                source="autosave" if autosave else "web",
                topic_ids=topics,
                base_version=base_version,
            )
    except SaveConflict as conflict:
        return conflict
    except (ResponseLocked, InvalidValue):
        abort(409)
    return result.version


def _after_save(slug: str, sections: list, page_sections: list, action: str | None):
    first, last = sections.index(page_sections[0]), sections.index(page_sections[-1])
    if action == "next":
        if last + 1 < len(sections):
            return redirect(url_for("respond.section", slug=slug, section_id=sections[last + 1].id))
        return redirect(url_for("respond.review", slug=slug))
    if action == "previous" and first > 0:
        return redirect(url_for("respond.section", slug=slug, section_id=sections[first - 1].id))
    if action == "review":
        return redirect(url_for("respond.review", slug=slug))
    flash(_("Your answers have been saved."))
    return redirect(request.path)


@bp.get("/respond/<slug>/review")
def review(slug: str):
    context = _context(respondent_access(slug))
    return _not_yet_open(context) or render_template("respond/review.html", **context)


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
    submit(db.session, response, actor=access.actor, submitter_email=access.submitter_email)
    return redirect(url_for("respond.receipt", slug=slug))


@bp.get("/respond/<slug>/receipt")
def receipt(slug: str):
    context = _context(respondent_access(slug))
    if context["response"] is None or not context["response"].is_submitted:
        return redirect(url_for("respond.review", slug=slug))
    return render_template("respond/receipt.html", **context)
