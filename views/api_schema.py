"""The OpenAPI 3.1 document of the JSON API v1, written next to the code it describes (`views/api.py`).

tests/views/test_api_schema.py proves the two agree: every route of the blueprint is here with the same methods, every
response the routes give validates against its schema here, and schemathesis fuzzes the running app from it.
Objects are closed (`additionalProperties: false`), so a field the SPEC does not name fails the tests.
"""

from collections.abc import Sequence

from questionnaire.kinds import question_types
from questionnaire.model import SCORED_DIMENSIONS
from vocabulary.languages import BASE_LANGUAGES
from vocabulary.organisation_types import type_codes

API_VERSION = "1.0.0"
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,31}$"

_NULLABLE_SCORE = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
_TIME = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict, description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


SCHEMAS = {
    "Error": _object(
        {
            "error": {"type": "string", "description": "A stable code: bad_request, unauthorized, forbidden, …"},
            "detail": {"type": "string", "description": "What went wrong, in the request's language."},
        }
    ),
    "Round": _object(
        {
            "slug": {"type": "string", "pattern": SLUG_PATTERN},
            "title": {"type": "string"},
            "opens_at": _TIME,
            "closes_at": _TIME,
            "visibility": {"type": "string", "enum": ["named", "anonymous"]},
            "status": {"type": "string", "enum": ["draft", "open", "closed"]},
        }
    ),
    "Option": _object({"id": {"type": "string"}, "title": {"type": "string"}}),
    "Item": _object(
        {
            "id": {"type": "string"},
            "type": {"type": "string", "enum": list(question_types())},
            "title": {"type": "string"},
            "scored": {"type": "boolean"},
            "reverse": {"type": "boolean"},
            "applies_to": {
                "type": "array",
                "items": {"type": "string", "enum": list(type_codes())},
                "description": "Organisation types the item is asked of; empty for all.",
            },
            "options": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Option"},
                "description": "For choice, multichoice and ranking items (the round's topics); empty otherwise.",
            },
        }
    ),
    "Dimension": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        }
    ),
    "Questionnaire": _object(
        {
            "version": {"type": "string"},
            "dimensions": {"type": "array", "items": {"$ref": "#/components/schemas/Dimension"}},
        }
    ),
    "Score": _object(
        {
            "organisation": {"type": "string"},
            "name": {"type": "string"},
            "type": {"type": "string", "enum": list(type_codes())},
            "county": {"type": ["string", "null"], "pattern": "^[0-9]{2}$"},
            "dimensions": _object(dict.fromkeys(SCORED_DIMENSIONS, _NULLABLE_SCORE)),
            "maturity_index": _NULLABLE_SCORE,
        },
        "SPEC §4 scores of one organisation's submitted response, unrounded; null where §4 says null.",
    ),
    "Priority": _object(
        {
            "topic": {"type": "string"},
            "title": {"type": "string"},
            "points": {"type": "integer", "minimum": 0},
            "top3_share": {"type": "number", "minimum": 0, "maximum": 1},
            "n": {"type": "integer", "minimum": 0},
            "covered_at_forum": {
                "type": ["boolean", "null"],
                "description": "Whether the forum after the round covered the topic; null until it is recorded.",
            },
        }
    ),
}

_PARAMETERS = {
    "slug": {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "The round's short name, e.g. 2025.",
        "schema": {"type": "string", "pattern": SLUG_PATTERN, "examples": ["2025"]},
    },
    "lang": {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of titles and messages; Swedish by default.",
    },
}


def _parameters(languages: Sequence[str]) -> dict:
    lang = {**_PARAMETERS["lang"], "schema": {"type": "string", "enum": list(languages)}}
    return {**_PARAMETERS, "lang": lang}


def _error(description: str) -> dict:
    return _json(description, {"$ref": "#/components/schemas/Error"})


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": _error("A query parameter has a value the API does not know (e.g. `lang`)."),
    "401": _error("No bearer token, or one that is unknown, revoked or of a deactivated user."),
    "403": _error(
        "The token's user is not a reviewer or an admin, or a reviewer asked for per-organisation data of an "
        "anonymous round (or for priorities that fewer than 3 organisations ranked)."
    ),
}
_NOT_FOUND = {"404": _error("There is no round with this slug.")}


def _operation(operation_id: str, summary: str, ok: dict, *, with_slug: bool) -> dict:
    parameters = [{"$ref": "#/components/parameters/slug"}] if with_slug else []
    parameters.append({"$ref": "#/components/parameters/lang"})
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": ok, **_ERRORS, **(_NOT_FOUND if with_slug else {})},
        }
    }


def _array_of(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


def _paths() -> dict:
    """Every route of the API, as `views/api.py` defines it."""
    return {
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "security": [],
                "responses": {"200": _json("The OpenAPI document.", {"type": "object"})},
            }
        },
        "/rounds": _operation(
            "listRounds", "All rounds, by slug.", _json("The rounds.", _array_of("Round")), with_slug=False
        ),
        "/rounds/{slug}/questionnaire": _operation(
            "getQuestionnaire",
            "The round's questionnaire: every question in exactly one dimension.",
            _json("The questionnaire.", {"$ref": "#/components/schemas/Questionnaire"}),
            with_slug=True,
        ),
        "/rounds/{slug}/scores": _operation(
            "getScores",
            "SPEC §4 scores of every submitted response, by organisation code.",
            _json("The scores.", _array_of("Score")),
            with_slug=True,
        ),
        "/rounds/{slug}/priorities": _operation(
            "getPriorities",
            "The forum topics by points, then topic id.",
            _json("The topics.", _array_of("Priority")),
            with_slug=True,
        ),
        "/rounds/{slug}/responses.csv": _operation(
            "getResponsesCsv",
            "The submitted answers in the CSV long format (organisation,question,value).",
            {
                "description": "UTF-8 CSV; a cell a spreadsheet would run as a formula begins with an apostrophe.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            with_slug=True,
        ),
    }


def openapi_document(languages: Sequence[str] = BASE_LANGUAGES) -> dict:
    """The whole document; served at /api/v1/openapi.json with the app's languages."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samverkanstrappan API",
            "version": API_VERSION,
            "description": (
                "Read-only access to rounds, the questionnaire, scores, forum priorities and the submitted answers "
                "(SPEC §5). Send `Authorization: Bearer <token>`; `flask create-token EMAIL` makes a token for a "
                "reviewer or an admin. Scores follow SPEC §4 and are unrounded. In an anonymous round a reviewer "
                "gets no per-organisation data (scores and responses.csv answer 403) and priorities only when at "
                "least 3 organisations ranked topics; admins get everything."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "parameters": _parameters(languages),
            "schemas": SCHEMAS,
        },
    }
