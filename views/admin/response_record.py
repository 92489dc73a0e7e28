"""One organisation's response to a round: every answer, its status, the change history, and a reopen button."""

from flask import render_template

from extensions import db
from services.organisations import find_by_code
from services.progress import progress, sections_for
from services.questionnaires import questionnaire_of
from services.response_record import history_of
from services.responses import answers_of, find_response
from views.admin import bp
from views.admin.rounds import find_round
from views.refusals import found_or_404


@bp.get("/rounds/<slug>/responses/<code>", endpoint="response_detail")
def response_detail(slug: str, code: str):
    found = find_round(slug)
    organisation = found_or_404(find_by_code(db.session, code))
    questionnaire = questionnaire_of(found.questionnaire_version)
    response = find_response(db.session, organisation, found)
    answers = answers_of(db.session, response)
    return render_template(
        "admin/response_detail.html",
        round=found,
        organisation=organisation,
        response=response,
        answers=answers,
        progress=progress(questionnaire, organisation.type, answers),
        sections=sections_for(questionnaire, organisation.type),
        questions={question.id: question for question in questionnaire.questions()},
        topics={topic.topic_id: topic for topic in found.topics},
        history=history_of(db.session, response),
    )
