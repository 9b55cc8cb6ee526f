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

    from reviewapp import jinja_filters, models  # noqa: F401  (models: registers every table)
    from reviewapp.auth import init_auth
    from reviewapp.blueprints import register_blueprints
    from reviewapp.commands import register_commands
    from reviewapp.extensions import babel, csrf, db, migrate
    from reviewapp.i18n import init_i18n, select_locale
    from reviewapp.jobs import job_queue
    from reviewapp.security import init_security
    from reviewapp.services import call_overview

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    job_queue.init_app(app)
    init_security(app)
    init_i18n(app)
    jinja_filters.init_app(app)
    # The call stepper on top of every staff page of a call.
    app.add_template_global(call_overview.pipeline_stages, "pipeline_stages")
    init_auth(app)
    register_blueprints(app)
    register_commands(app)
    return app

