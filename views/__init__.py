"""Blueprints, error pages and the response headers every page gets."""

from flask import Flask

from views import (
    admin,
    api,
    auth,
    auth_account,
    dashboard_assets,
    dashboards,
    display,
    errors,
    i18n,
    legal,
    main,
    question_html,
    respond,
    results,
    security,
    transactions,
)
from views.admin import labels


def register_views(app: Flask) -> None:
    blueprints = (
        main.bp,
        i18n.bp,
        auth.bp,
        auth_account.bp,
        respond.bp,
        legal.bp,
        admin.bp,
        api.bp,
        dashboards.bp,
        results.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    dashboard_assets.register(app)
    errors.register(app)
    security.register(app)
    main.register_template_helpers(app)
    display.register(app)
    question_html.register(app)
    labels.register(app)
    transactions.register(app)
