"""Who may use which route: one row per endpoint, the single place where access is written down as data.

tests/views/test_access.py requests every row as every actor, against the objects of organisation A and of B,
and fails when `app.url_map` has an endpoint (or a method) without a row here, or a row names a route that is gone.

Adding a route = adding its row. A row gives the path (placeholders below), the methods, and what each actor gets:

    "dashboard.show": Row(tuple(f"/dashboard/{name}" for name in DASHBOARDS), STAFF),
    "api.rounds": Row("/api/v1/rounds", API_READERS, bearer=True),

Placeholders filled per object (A or B; a row that uses one is checked against both): `{org}` organisation code,
`{invitation}` invitation id, `{token}` the invitation's secret, `{response}` response id, `{user}` the id of the
organisation's respondent account, `{contact}` the id of the organisation's contact person. Filled once: `{slug}`
the open round (2025), `{setup_token}` a working set-password link's secret, `{upload}` the key of a file the
admin has checked on the import page, `{api_token}` the number of the reviewer's API token.

Outcomes: OK (2xx, 3xx other than to the login page, or 409/422: the route ran and refused the empty form), LOGIN
(a redirect to the login page, or 401), DENIED (403), MISSING (404). POST rows are sent with a valid CSRF token and
no other fields. `bearer=True`: logged-in actors also send `Authorization: Bearer <token>` made with
`flask create-token EMAIL` (where that command gives them one). `shows_own=True`: an OK page of a respondent
actor must name the actor's own organisation and never the other one.
"""

from dataclasses import dataclass

from views.dashboard_assets import plotly_assets
from views.dashboards import DASHBOARDS

PLOTLY_VERSION = plotly_assets().version

OK, LOGIN, DENIED, MISSING = "ok", "login", "403", "404"

#: Organisation A, B and the actors. An invitation holder is not logged in; it holds A's link in its session.
ACTORS = ("anonymous", "respondent_a", "respondent_b", "invitation_a", "reviewer", "admin")
OBJECTS = ("A", "B")

EVERYONE = dict.fromkeys(ACTORS, OK)
LOGGED_IN = {**dict.fromkeys(ACTORS, OK), "anonymous": LOGIN, "invitation_a": LOGIN}
ADMINS = {
    "anonymous": LOGIN,
    "respondent_a": DENIED,
    "respondent_b": DENIED,
    "invitation_a": LOGIN,
    "reviewer": DENIED,
    "admin": OK,
}
#: Reviewers and admins: the dashboards. Respondents see no dashboard.
STAFF = {**ADMINS, "reviewer": OK}
#: The JSON API: a bearer token of a reviewer or admin. `create-token` gives respondents none, so they arrive
#: without one and get 401; a token a respondent still holds (a demoted reviewer's) gets 403 (tests/views/test_api.py).
API_READERS = {**STAFF, "anonymous": LOGIN, "invitation_a": LOGIN, "respondent_a": LOGIN, "respondent_b": LOGIN}
#: Pages for whoever answers for an organisation: a respondent account or an invitation in the session.
ANSWERING = {
    "anonymous": DENIED,
    "respondent_a": OK,
    "respondent_b": OK,
    "invitation_a": OK,
    "reviewer": DENIED,
    "admin": DENIED,
}
#: Whoever answers for an organisation sees its own results: a respondent account or A's link in the session.
RESULTS = {**ANSWERING, "anonymous": LOGIN}
NOBODY_WITHOUT_A_LINK = dict.fromkeys(ACTORS, MISSING)


@dataclass(frozen=True)
class Row:
    paths: str | tuple[str, ...]
    expect: dict[str, str]
    methods: tuple[str, ...] = ("GET",)
    bearer: bool = False
    shows_own: bool = False

    @property
    def all_paths(self) -> tuple[str, ...]:
        return (self.paths,) if isinstance(self.paths, str) else self.paths


MATRIX: dict[str, Row] = {
    # Open to everyone
    "static": Row("/static/css/app.css", EVERYONE),
    "main.index": Row("/", EVERYONE),
    "main.healthz": Row("/healthz", EVERYONE),
    "main.livez": Row("/livez", EVERYONE),
    "i18n.switch_language": Row("/lang/en", EVERYONE),
    "legal.privacy": Row("/privacy", EVERYONE),
    "legal.accessibility": Row("/accessibility", EVERYONE),
    "auth.login": Row("/login", EVERYONE, ("GET", "POST")),
    # The secret is the credential: a working link works for whoever holds it, and replaces their session.
    "respond.open_invitation": Row("/i/{token}", EVERYONE, ("GET", "POST")),
    "account.setup_link": Row("/account/setup/{setup_token}", EVERYONE),
    "account.setup": Row("/account/setup", NOBODY_WITHOUT_A_LINK, ("GET", "POST")),
    # Any logged-in user: their own account
    "auth.logout": Row("/logout", LOGGED_IN, ("POST",)),
    "account.overview": Row("/account/", LOGGED_IN),
    "account.password": Row("/account/password", LOGGED_IN, ("GET", "POST")),
    "account.end_other_sessions": Row("/account/sessions/end-others", LOGGED_IN, ("POST",)),
    # Answering for one's own organisation
    "respond.landing": Row("/respond/{slug}/", ANSWERING, shows_own=True),
    "respond.section": Row("/respond/{slug}/section/roles", ANSWERING, ("GET", "POST"), shows_own=True),
    "respond.whole": Row("/respond/{slug}/all", ANSWERING, ("GET", "POST"), shows_own=True),
    "respond.review": Row("/respond/{slug}/review", ANSWERING, shows_own=True),
    "respond.submit_response": Row("/respond/{slug}/submit", ANSWERING, ("POST",)),
    "respond.receipt": Row("/respond/{slug}/receipt", ANSWERING),
    # The JSON API, with a bearer token of a reviewer or an admin
    "api.openapi": Row("/api/v1/openapi.json", EVERYONE),  # the API's description is public
    "api.rounds": Row("/api/v1/rounds", API_READERS, bearer=True),
    "api.questionnaire": Row("/api/v1/rounds/{slug}/questionnaire", API_READERS, bearer=True),
    "api.scores": Row("/api/v1/rounds/{slug}/scores", API_READERS, bearer=True),
    "api.priorities": Row("/api/v1/rounds/{slug}/priorities", API_READERS, bearer=True),
    "api.responses_csv": Row("/api/v1/rounds/{slug}/responses.csv", API_READERS, bearer=True),
    # Dashboards for reviewers and admins; results for whoever answers
    "dashboard.index": Row("/dashboard/", STAFF),
    "dashboard.show": Row(tuple(f"/dashboard/{name}" for name in DASHBOARDS), STAFF),
    "results.show": Row("/results", RESULTS, shows_own=True),
    # plotly.js and its empty base map, served by the app itself
    "dashboard_assets.plotly_script": Row(f"/assets/plotly-{PLOTLY_VERSION}.min.js", EVERYONE),
    "dashboard_assets.plotly_stylesheet": Row(f"/assets/plotly-{PLOTLY_VERSION}.css", EVERYONE),
    "dashboard_assets.topojson": Row("/assets/topojson/world_110m.json", EVERYONE),
    # The admin console
    "admin.home": Row("/admin/", ADMINS),
    "admin.rounds": Row("/admin/rounds/", ADMINS),
    "admin.create_round": Row("/admin/rounds/", ADMINS, ("POST",)),
    "admin.round_detail": Row("/admin/rounds/{slug}/", ADMINS, ("GET", "POST")),
    "admin.open_round": Row("/admin/rounds/{slug}/open", ADMINS, ("POST",)),
    "admin.close_round": Row("/admin/rounds/{slug}/close", ADMINS, ("POST",)),
    "admin.round_topics": Row("/admin/rounds/{slug}/topics", ADMINS, ("GET", "POST")),
    "admin.round_forum": Row("/admin/rounds/{slug}/forum", ADMINS, ("GET", "POST")),
    "admin.invitations": Row("/admin/rounds/{slug}/invitations", ADMINS),
    "admin.create_invitation_links": Row("/admin/rounds/{slug}/invitations", ADMINS, ("POST",)),
    "admin.download_links": Row("/admin/rounds/{slug}/invitations/links.csv", ADMINS, ("POST",)),
    "admin.revoke_invitation": Row("/admin/invitations/{invitation}/revoke", ADMINS, ("POST",)),
    "admin.send_fresh_link": Row("/admin/organisations/{org}/rounds/{slug}/fresh-link", ADMINS, ("POST",)),
    "admin.status_board": Row("/admin/rounds/{slug}/status", ADMINS),
    "admin.reminders": Row("/admin/rounds/{slug}/reminders", ADMINS),
    "admin.mail_texts": Row("/admin/rounds/{slug}/mail-texts", ADMINS),
    "admin.save_mail_texts": Row("/admin/rounds/{slug}/mail-texts/invitation", ADMINS, ("POST",)),
    "admin.send_mail_test": Row("/admin/rounds/{slug}/mail-texts/reminder/test", ADMINS, ("POST",)),
    "admin.mailings_page": Row("/admin/rounds/{slug}/mail", ADMINS),
    "admin.send_invitations": Row("/admin/rounds/{slug}/mail/invitations", ADMINS, ("POST",)),
    "admin.send_reminders": Row("/admin/rounds/{slug}/mail/reminders", ADMINS, ("POST",)),
    "admin.reopen_response": Row("/admin/responses/{response}/reopen", ADMINS, ("POST",)),
    "admin.organisations": Row("/admin/organisations/", ADMINS),
    "admin.organisation": Row("/admin/organisations/{org}", ADMINS),
    "admin.organisation_names": Row("/admin/organisations/{org}/names", ADMINS, ("GET", "POST")),
    "admin.new_contact": Row("/admin/organisations/{org}/contacts/new", ADMINS, ("GET", "POST")),
    "admin.edit_contact": Row("/admin/organisations/{org}/contacts/{contact}", ADMINS, ("GET", "POST")),
    # After the edit row: the admin's post removes the contact, so no later row may need it.
    "admin.remove_contact_page": Row("/admin/organisations/{org}/contacts/{contact}/remove", ADMINS, ("POST",)),
    "admin.response_detail": Row("/admin/rounds/{slug}/responses/{org}", ADMINS),
    "admin.users": Row("/admin/users/", ADMINS, ("GET", "POST")),
    "admin.user": Row("/admin/users/{user}", ADMINS),
    "admin.user_role": Row("/admin/users/{user}/role", ADMINS, ("POST",)),
    "admin.disable_user": Row("/admin/users/{user}/disable", ADMINS, ("POST",)),
    "admin.enable_user": Row("/admin/users/{user}/enable", ADMINS, ("POST",)),
    "admin.user_password_link": Row("/admin/users/{user}/password-link", ADMINS, ("POST",)),
    "admin.end_user_sessions": Row("/admin/users/{user}/sessions/end", ADMINS, ("POST",)),
    "admin.api_tokens": Row("/admin/tokens/", ADMINS),
    "admin.revoke_api_token": Row("/admin/tokens/{api_token}/revoke", ADMINS, ("POST",)),
    "admin.import_form": Row("/admin/import/", ADMINS),
    "admin.import_check": Row("/admin/import/", ADMINS, ("POST",)),
    # The admin's own checked upload (world fixture); any other admin would get 404.
    "admin.import_upload_page": Row("/admin/import/{upload}", ADMINS),
    "admin.import_confirm": Row("/admin/import/{upload}/confirm", ADMINS, ("POST",)),
    "admin.import_discard": Row("/admin/import/{upload}/discard", ADMINS, ("POST",)),
    "admin.export_form": Row("/admin/export/", ADMINS),
    "admin.export_download": Row("/admin/export/", ADMINS, ("POST",)),
    "admin.audit_log": Row("/admin/audit/", ADMINS),
    "admin.privacy": Row("/admin/privacy/", ADMINS),
    "admin.privacy_export": Row("/admin/privacy/export", ADMINS, ("POST",)),
    "admin.privacy_erase": Row("/admin/privacy/erase", ADMINS, ("POST",)),
}

OBJECT_PLACEHOLDERS = ("{org}", "{invitation}", "{token}", "{response}", "{user}", "{contact}")


def per_object(path: str) -> bool:
    return any(placeholder in path for placeholder in OBJECT_PLACEHOLDERS)


def size() -> tuple[int, int]:
    """(routes, checks): endpoint-method pairs, and the requests the matrix makes (paths × actors × objects)."""
    routes = sum(len(row.methods) for row in MATRIX.values())
    checks = sum(
        len(row.methods) * len(ACTORS) * (len(OBJECTS) if per_object(path) else 1)
        for row in MATRIX.values()
        for path in row.all_paths
    )
    return routes, checks
