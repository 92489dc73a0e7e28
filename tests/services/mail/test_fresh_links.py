"""An admin sends an organisation a fresh link (issue 11, item 5): the CSRF-protected button on the organisation's
page revokes its working links to the round at once and mails a new one to each contact, in the contact's language,
over a real SMTP server; without contacts the new link is shown once."""

import re

from sqlalchemy import select

from extensions import db
from models import AuditEvent, OutboxMessage
from services.contacts import ContactDetails, add_contact
from services.mail.worker import send_due
from tests.factories import csrf_token, invitation_link, log_in, organisation, user

CODE = "region-25"
FRESH = f"/admin/organisations/{CODE}/rounds/2025/fresh-link"


def _admin(app, mail_app):
    client = app.test_client()
    log_in(app, client, user(app, "admin@forum.example", "admin"))
    return client, csrf_token(client.get(f"/admin/organisations/{CODE}").text)


def test_a_fresh_link_kills_the_old_one_and_is_mailed_to_each_contact(app, mail_app, smtp, open_round):
    region = organisation(CODE)
    add_contact(db.session, region, ContactDetails("Åsa Öberg", "asa@region.example"), actor="t")
    add_contact(db.session, region, ContactDetails("Sam Lee", "sam@region.example", language="en"), actor="t")
    db.session.commit()
    old = invitation_link(app, "2025", CODE)
    holder = app.test_client()
    assert holder.get(old).status_code == 302 and holder.get("/respond/2025/").status_code == 200
    admin, token = _admin(app, mail_app)
    assert (
        'action="/admin/organisations/region-25/rounds/2025/fresh-link"'
        in admin.get(f"/admin/organisations/{CODE}").text
    )

    assert admin.post(FRESH).status_code == 400  # no CSRF token: refused, nothing changed
    assert app.test_client().get(old).status_code == 302
    assert admin.post(FRESH, data={"csrf_token": token}).status_code == 302

    assert app.test_client().get(old).status_code == 404
    assert holder.get("/respond/2025/").status_code == 403  # the session that held the old link lost it at once
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "invitation.fresh"))
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()
    assert sorted(m.recipient for m in queued) == ["asa@region.example", "sam@region.example"]
    assert send_due(db.session).sent == 2
    db.session.rollback()
    by_address = {message["To"]: message for message in smtp.received}
    assert by_address["sam@region.example"]["Subject"].startswith("A new link")
    text = by_address["asa@region.example"].get_body(("plain",)).get_content()
    assert "Tidigare länkar fungerar inte längre" in text
    new_link = re.search(r"http://localhost(/i/\S+)", text).group(1)
    fresh = app.test_client()
    assert fresh.get(new_link).status_code == 302
    assert "Region Norrbotten" in fresh.get("/respond/2025/").text


def test_without_contacts_the_fresh_link_is_shown_once_and_works(app, mail_app, open_round):
    old = invitation_link(app, "2025", CODE)
    admin, token = _admin(app, mail_app)
    page = admin.post(FRESH, data={"csrf_token": token})
    assert page.status_code == 200 and "inga kontaktpersoner" in page.text
    new_link = re.search(r"http://localhost(/i/[^<\s]+)", page.text).group(1)
    assert db.session.scalars(select(OutboxMessage)).all() == []
    db.session.rollback()
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new_link).status_code == 302
