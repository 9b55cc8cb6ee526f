"""ReviewApp: review scoring and expert assignment for S&T funding calls."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, security, blueprints and CLI commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("REVIEWAPP_INSTANCE_PATH") or None,
    )
    os.makedirs(app.instance_path, exist_ok=True)

    from reviewapp.config import load_config

    load_config(app, test_config)

    from reviewapp import models, templating  # noqa: F401  (models: registers every table)
    from reviewapp.auth import init_auth
    from reviewapp.commands import register_commands
    from reviewapp.extensions import babel, csrf, db, migrate
    from reviewapp.i18n import init_i18n, select_locale
    from reviewapp.security import init_security

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    init_security(app)
    init_i18n(app)
    templating.init_app(app)
    init_auth(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Mount the blueprint of each user group."""
    from reviewapp.admin import bp as admin_bp
    from reviewapp.auth import bp as auth_bp
    from reviewapp.committee import bp as committee_bp
    from reviewapp.expert import bp as expert_bp
    from reviewapp.staff import bp as staff_bp

    for blueprint in (auth_bp, staff_bp, expert_bp, committee_bp, admin_bp):
        app.register_blueprint(blueprint)
