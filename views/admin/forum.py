"""A round's forum follow-up: which of its topics the forum took up, and in which session (SPEC §9)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from extensions import db
from forms.forum import COVERED_VALUES, ForumForm
from services.forum_follow_up import Coverage, CoverageRefused, record_coverage
from views.admin import actor, bp
from views.admin.rounds import find_round
from views.refusals import field_error


def _saved_form(found) -> ForumForm:
    rows = [
        {
            "topic_id": topic.topic_id,
            "covered": {True: "yes", False: "no", None: ""}[topic.covered_at_forum],
            "session": topic.forum_session or "",
        }
        for topic in found.topics
    ]
    return ForumForm(formdata=None, data={"topics": rows})


@bp.route("/rounds/<slug>/forum", methods=["GET", "POST"])
def round_forum(slug: str):
    found = find_round(slug)
    topics = {topic.topic_id: topic for topic in found.topics}
    if request.method == "GET":
        return render_template("admin/round_forum.html", round=found, form=_saved_form(found), topics=topics)
    form = ForumForm()
    if [row.topic_id.data for row in form.topics] != list(topics):
        # The topic list was edited since this form was loaded: its rows no longer name the round's topics.
        flash(_("The round's topic list changed while you were editing, so nothing was saved. Record again."), "error")
        return render_template("admin/round_forum.html", round=found, form=_saved_form(found), topics=topics), 409
    if form.validate():
        wanted = [
            Coverage(row.topic_id.data, COVERED_VALUES[row.covered.data], row.session.data or "") for row in form.topics
        ]
        try:
            changed = record_coverage(db.session, found, wanted, actor=actor())
        except CoverageRefused as exc:
            row = next(row for row in form.topics if row.topic_id.data == exc.topic_id)
            field_error(row.session, exc)
        else:
            db.session.commit()
            flash(_("The forum follow-up is saved.") if changed else _("Nothing had changed."))
            return redirect(url_for("admin.round_forum", slug=slug))
    return render_template("admin/round_forum.html", round=found, form=form, topics=topics, failed=True), 422
