"""Blueprints, error pages and the response headers every page gets."""

from flask import Flask

from views import auth, dashboard_assets, dashboards, display, errors, i18n, main, respond, results, security


def register_views(app: Flask) -> None:
    for blueprint in (main.bp, i18n.bp, auth.bp, respond.bp, dashboards.bp, results.bp):
        app.register_blueprint(blueprint)
    dashboard_assets.register(app)
    errors.register(app)
    security.register(app)
    main.register_template_helpers(app)
    display.register(app)
