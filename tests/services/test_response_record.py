"""Who made a change, as the admin's page of one response names it (services/response_record.py)."""

from flask_babel import force_locale

from extensions import db
from models import Invitation
from services.response_record import describe_actors
from tests.factories import invitation_link, organisation, user


def test_every_kind_of_actor_gets_a_readable_name(app, open_round):
    respondent = user(app, "planerare@norrbotten.example", "respondent", "region-25")
    invitation_link(app, open_round, "region-25")
    with app.test_request_context(), force_locale("sv"):
        link = db.session.scalar(
            db.select(Invitation.id).where(Invitation.organisation_id == organisation("region-25").id)
        )
        labels = {f"user:{respondent}", f"invitation:{link}", "import", "prefill", "user:9999", "robot"}
        named = describe_actors(db.session, labels)
    assert named == {
        f"user:{respondent}": "planerare@norrbotten.example",
        f"invitation:{link}": f"Inbjudningslänk nr {link}",
        "import": "En import av en fil",
        "prefill": "Ifyllt från föregående omgång",
        "user:9999": "user:9999",  # a label that names nothing is shown as it is
        "robot": "robot",
    }
