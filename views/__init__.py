"""Blueprints, error pages and the response headers every page gets."""

from flask import Flask

from views import api, auth, display, errors, i18n, main, question_html, respond, security


def register_views(app: Flask) -> None:
    for blueprint in (main.bp, i18n.bp, auth.bp, respond.bp, api.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    security.register(app)
    main.register_template_helpers(app)
    display.register(app)
    question_html.register(app)
