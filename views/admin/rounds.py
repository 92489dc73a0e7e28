"""Rounds: list, create (new, or a copy of an earlier round's questionnaire and topics), settings, open, close,
and the D7 topic list."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from extensions import db
from forms.admin import RoundCreateForm, RoundDetailsForm, TopicsForm, choices
from models import Round, RoundStatus, Visibility
from questionnaire.loader import available_versions
from services.errors import NotFound, ServiceError
from services.round_progress import summary
from services.round_topics import TopicEdit, TopicsChanged, ranked_topics, update_topics
from services.rounds import all_rounds, clone_round, create_round, get_round, has_responses, set_state, update_round
from views.admin import actor, bp, end_of_day, local_date, start_of_day
from views.admin.labels import visibility_label
from views.refusals import field_error, flash_error

#: Empty rows at the end of the topic form, for new topics.
NEW_TOPIC_ROWS = 3


def find_round(slug: str) -> Round:
    try:
        return get_round(db.session, slug)
    except NotFound:
        abort(404)


def _visibility_choices(form: RoundDetailsForm) -> None:
    form.visibility.choices = choices((v.value, visibility_label(v.value)) for v in Visibility)


@bp.get("/rounds/")
def rounds():
    every_round = all_rounds(db.session)
    wanted = request.args.get("source")
    return render_template("admin/rounds.html", rounds=every_round, form=_create_form(every_round, source=wanted))


def _create_form(all_rounds: list[Round], source: str | None = None) -> RoundCreateForm:
    form = RoundCreateForm(source=source if source is not None else (all_rounds[0].slug if all_rounds else ""))
    _visibility_choices(form)
    copies = [
        (
            r.slug,
            _(
                "A copy of round %(slug)s: questionnaire %(version)s and its %(n)d topics",
                slug=r.slug,
                version=r.questionnaire_version.version,
                n=len(r.topics),
            ),
        )
        for r in all_rounds
    ]
    fresh = [
        (f"version:{v}", _("Questionnaire %(version)s with its default topics", version=v))
        for v in reversed(available_versions())
    ]
    form.source.choices = choices(copies + fresh)
    return form


@bp.post("/rounds/", endpoint="create_round")
def create_round_view():
    every_round = all_rounds(db.session)
    form = _create_form(every_round)
    if form.validate():
        details = {
            "actor": actor(),
            "title_sv": form.title_sv.data or None,
            "title_en": form.title_en.data or None,
            "visibility": form.visibility.data,
            "opens_at": start_of_day(form.opens_on.data),
            "closes_at": end_of_day(form.closes_on.data),
        }
        try:
            if form.source.data.startswith("version:"):
                created = create_round(
                    db.session, form.slug.data, questionnaire_version=form.source.data.split(":", 1)[1], **details
                )
            else:
                created = clone_round(db.session, get_round(db.session, form.source.data), form.slug.data, **details)
        except ServiceError as exc:
            field_error(form.slug, exc)
        else:
            flash(_("Round %(slug)s is created as a draft. Check its topics, then open it.", slug=created.slug))
            return redirect(url_for("admin.round_topics", slug=created.slug))
    return render_template("admin/rounds.html", rounds=every_round, form=form), 422


@bp.route("/rounds/<slug>/", methods=["GET", "POST"])
def round_detail(slug: str):
    found = find_round(slug)
    form = RoundDetailsForm(
        data={
            "title_sv": found.title_sv,
            "title_en": found.title_en,
            "visibility": found.visibility,
            "opens_on": local_date(found.opens_at),
            "closes_on": local_date(found.closes_at, end=True),
        }
        if request.method == "GET"
        else None
    )
    _visibility_choices(form)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                changed = update_round(
                    db.session,
                    found,
                    actor=actor(),
                    title_sv=form.title_sv.data or "",
                    title_en=form.title_en.data or "",
                    visibility=form.visibility.data,
                    opens_at=start_of_day(form.opens_on.data),
                    closes_at=end_of_day(form.closes_on.data),
                )
            except ServiceError as exc:
                flash_error(exc)
            else:
                flash(_("The round's settings are saved.") if changed else _("Nothing was changed."))
                return redirect(url_for("admin.round_detail", slug=slug))
        status = 422
    totals = summary(db.session, found)
    locked = has_responses(db.session, found)
    return render_template(
        "admin/round_detail.html", round=found, form=form, summary=totals, visibility_locked=locked
    ), status


@bp.post("/rounds/<slug>/open")
def open_round(slug: str):
    return _change_state(find_round(slug), RoundStatus.OPEN)


@bp.post("/rounds/<slug>/close")
def close_round(slug: str):
    return _change_state(find_round(slug), RoundStatus.CLOSED)


def _change_state(found: Round, state: RoundStatus):
    try:
        set_state(db.session, found, state, actor=actor())
    except ServiceError as exc:
        flash_error(exc)
    else:
        if state == RoundStatus.CLOSED:
            flash(
                _(
                    "Round %(slug)s is closed. Its invitation links now only show each organisation’s results and "
                    "receipt.",
                    slug=found.slug,
                )
            )
        elif found.status() == RoundStatus.OPEN:
            flash(_("Round %(slug)s is open. Invitation links work now.", slug=found.slug))
        else:
            flash(_("Round %(slug)s will open on its opening date.", slug=found.slug))
    return redirect(url_for("admin.round_detail", slug=found.slug))


def _saved_topics_form(found) -> TopicsForm:
    """The form filled with the topic list as it is stored, and empty rows for new topics."""
    rows = [
        {"topic_id": t.topic_id, "title_sv": t.title_sv, "title_en": t.title_en, "position": (i + 1) * 10}
        for i, t in enumerate(found.topics)
    ]
    rows += [{"position": (len(rows) + i + 1) * 10} for i in range(NEW_TOPIC_ROWS)]
    return TopicsForm(formdata=None, data={"topics": rows})


@bp.route("/rounds/<slug>/topics", methods=["GET", "POST"])
def round_topics(slug: str):
    found = find_round(slug)
    form = _saved_topics_form(found) if request.method == "GET" else TopicsForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            edits = [
                TopicEdit(
                    topic_id=row.topic_id.data or None,
                    title_sv=row.title_sv.data or "",
                    title_en=row.title_en.data or "",
                    position=row.position.data if row.position.data is not None else 999,
                    remove=bool(row.remove.data),
                )
                for row in form.topics
            ]
            try:
                update_topics(db.session, found, edits, actor=actor())
            except TopicsChanged as exc:
                flash_error(exc)
                form, status = _saved_topics_form(found), 409
            except ServiceError as exc:
                flash_error(exc)
            else:
                flash(_("The topic list is saved."))
                return redirect(url_for("admin.round_topics", slug=slug))
        status = status if status == 409 else 422
    return render_template(
        "admin/round_topics.html", round=found, form=form, ranked=ranked_topics(db.session, found)
    ), status
