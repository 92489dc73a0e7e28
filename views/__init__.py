"""Blueprints, error pages and the response headers every page gets."""

from flask import Flask

from views import admin, api, auth, auth_account, display, errors, i18n, legal, main, question_html, respond, security
from views.admin import labels


def register_views(app: Flask) -> None:
    for blueprint in (main.bp, i18n.bp, auth.bp, auth_account.bp, respond.bp, legal.bp, admin.bp, api.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    security.register(app)
    main.register_template_helpers(app)
    display.register(app)
    question_html.register(app)
    labels.register(app)
