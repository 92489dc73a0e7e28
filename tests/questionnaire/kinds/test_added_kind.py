"""A question kind added by registering one new kind, and nothing else in the app: a date question is read from a
questionnaire file, rendered, checked and saved through the real HTTP stack, shown on the receipt, and written to
the export and the codebook."""

import csv
import io
from datetime import date

import pytest
import yaml
from babel.dates import format_date
from flask_babel import gettext as _
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

import questionnaire.loader
from extensions import db
from models import Answer, RoundStatus
from questionnaire.kinds import KINDS, register
from questionnaire.kinds.base import InvalidValue, Kind
from services.rounds import create_round, set_state
from tests.factories import csrf_token, invitation_link, log_in, user

VERSION = "v1-dates"
SECTION = "/respond/2025/section/share"
#: The template a kind brings along with its module; here it is handed to the app's template loader.
DATE_MACRO = """
{% macro question(field, question, conflicts, topics) %}
<div class="question">
  <label class="question-title" for="{{ field.id }}">{{ question.title | t }}</label>
  {% if field.errors %}<p class="error-message" id="{{ field.id }}-error">{{ field.errors | join(' ') }}</p>{% endif %}
  <input type="date" id="{{ field.id }}" name="{{ field.name }}" value="{{ field.data or '' }}"
    min="{{ question.settings.earliest }}">
</div>
{% endmacro %}
"""


class DateKind(Kind):
    """A day, stored as YYYY-MM-DD, no earlier than the question's `earliest`."""

    name = "date"
    keys = frozenset({"earliest"})
    value_format = "date as YYYY-MM-DD"

    def parse(self, mapping, path, context):
        return {"settings": {"earliest": date.fromisoformat(str(mapping.get("earliest", "2000-01-01")))}}

    def normalise(self, question, text, topic_ids):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidValue(_("Give the date as YYYY-MM-DD.")) from None
        if day < question.settings["earliest"]:
            raise InvalidValue(_("Give a date from %(day)s on.", day=question.settings["earliest"].isoformat()))
        return day.isoformat()

    def display(self, question, value, topics, locale):
        return format_date(date.fromisoformat(value), "long", locale=locale)


@pytest.fixture
def date_round(app, reference, tmp_path, monkeypatch):
    """Round 2025 on questionnaire v1 with one date question added to its last section."""
    register(DateKind())
    data = yaml.safe_load((questionnaire.loader.VERSIONS_DIR / "v1.yaml").read_text(encoding="utf-8"))
    data["version"] = VERSION
    data["sections"][-1]["items"].append(
        {
            "id": "d8_next_meeting",
            "type": "date",
            "title": {"sv": "När ses ni nästa gång?", "en": "When do you meet next?"},
            "earliest": "2024-01-01",
            "optional": True,
        }
    )
    (tmp_path / f"{VERSION}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(questionnaire.loader, "VERSIONS_DIR", tmp_path)
    app.jinja_loader = ChoiceLoader([DictLoader({"macros/kinds/date.html": DATE_MACRO}), app.jinja_loader])
    with app.app_context():
        created = create_round(db.session, "2025", actor="test", questionnaire_version=VERSION)
        set_state(db.session, created, RoundStatus.OPEN, actor="test")
        db.session.commit()
    yield
    del KINDS["date"]


def _post_share(client, meeting: str):
    page = client.get(SECTION)
    version = page.text.split('name="version" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(page.text), "version": version, "action": "save", "d8_next_meeting": meeting}
    return client.post(SECTION, data=data)


def _stored(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Answer.question_id, Answer.value)).all())


def test_a_registered_date_kind_works_from_the_form_to_the_export(app, client, date_round):
    assert client.get(invitation_link(app, "2025", "region-25")).status_code == 302
    page = client.get(SECTION)
    assert '<input type="date" id="d8_next_meeting" name="d8_next_meeting" value=""' in page.text
    assert 'min="2024-01-01"' in page.text

    refused = _post_share(client, "14/3 2025")
    assert refused.status_code == 422 and "Give the date as YYYY-MM-DD." in refused.text
    too_early = _post_share(client, "2023-12-31")
    assert "Give a date from 2024-01-01 on." in too_early.text
    assert _stored(app) == {}

    saved = _post_share(client, " 2025-03-14 ")
    assert saved.status_code == 302
    assert _stored(app) == {"d8_next_meeting": "2025-03-14"}
    assert 'value="2025-03-14"' in client.get(SECTION).text

    token = csrf_token(client.get("/respond/2025/review").text)
    receipt = client.post("/respond/2025/submit", data={"csrf_token": token}, follow_redirects=True)
    assert "14 mars 2025" in receipt.text

    admin = app.test_client()
    log_in(app, admin, user(app, "forum@example.se", "admin"))

    def download(content: str) -> list[dict[str, str]]:
        token = csrf_token(admin.get("/admin/export/").text)
        form = {"csrf_token": token, "round": "2025", "content": content, "file_format": "csv"}
        response = admin.post("/admin/export/", data=form)
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))

    assert {"organisation": "region-25", "question": "d8_next_meeting", "value": "2025-03-14"} in download("responses")
    (described,) = [row for row in download("codebook") if row["question"] == "d8_next_meeting"]
    assert (described["type"], described["value_format"]) == ("date", "date as YYYY-MM-DD")
    assert described["dimension"] == "share" and described["optional"] == "true"
