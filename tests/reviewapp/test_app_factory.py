"""The app factory: config order, secret key, SQLite pragmas, security headers, CLI wiring."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from reviewapp import create_app
from reviewapp.extensions import db


@pytest.fixture
def bare_env(monkeypatch, tmp_path):
    """An empty instance folder and no REVIEWAPP_*/DATABASE_URL settings from outside."""
    for key in list(os.environ):
        if key.startswith("REVIEWAPP_") or key == "DATABASE_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("REVIEWAPP_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_test_config_overrides_defaults(app):
    """The test config wins over the defaults."""
    assert app.testing
    assert app.config["SECRET_KEY"] == "test"


def test_defaults_use_sqlite_in_instance_and_write_secret_key(bare_env):
    """Without any config the database and a private secret key live in the instance folder."""
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{bare_env / 'reviewapp.sqlite'}"
    key_file = bare_env / "secret_key"
    assert key_file.read_text() == app.config["SECRET_KEY"]
    assert len(app.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_config_order_instance_then_env_then_test(bare_env, monkeypatch):
    """instance/config.py beats defaults, environment beats it, test config beats all."""
    (bare_env / "config.py").write_text(
        "ITEMS_PER_PAGE = 10\nSQLALCHEMY_DATABASE_URI = 'sqlite:///from-instance'\n"
    )
    assert create_app().config["ITEMS_PER_PAGE"] == 10
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-instance"
    monkeypatch.setenv("REVIEWAPP_ITEMS_PER_PAGE", "20")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///from-env")
    app = create_app()
    assert app.config["ITEMS_PER_PAGE"] == 20
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-env"
    assert create_app({"ITEMS_PER_PAGE": 30}).config["ITEMS_PER_PAGE"] == 30


def test_https_setting_controls_secure_cookies(bare_env, monkeypatch):
    """Cookies are secure only when the config says HTTPS."""
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("REVIEWAPP_HTTPS", "true")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_security_headers_on_every_response(client):
    """Even the login page forbids sniffing, framing and foreign scripts."""
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "Strict-Transport-Security" not in response.headers


def test_sqlite_connections_have_foreign_keys_and_wal(app):
    """Every SQLite connection enforces foreign keys and journals in WAL mode."""
    if app.config["TEST_BACKEND"] != "sqlite":
        pytest.skip("SQLite pragmas only")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_static_css_is_served_without_login(client):
    """The stylesheet is public and local."""
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert b"font-family" in response.data
    response.close()


def test_commands_are_discovered(app):
    """Every module of reviewapp.commands adds its COMMANDS to the CLI."""
    assert {"init-db", "create-user", "serve"} <= set(app.cli.commands)


def test_console_script_runs_flask_cli(bare_env):
    """`reviewapp --help` lists the app's commands."""
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    group = FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(group, ["--help"])
    assert result.exit_code == 0
    assert "init-db" in result.output and "create-user" in result.output


def test_serve_brings_an_old_schema_up_to_date(tmp_path):
    """`serve` upgrades a database left at an older migration before it answers a page."""
    from flask_migrate import upgrade

    from reviewapp import MIGRATIONS_DIR
    from reviewapp.commands.core import schema_revisions, upgrade_if_behind

    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="0008")
        current, head = schema_revisions()
        assert current != head
        message = upgrade_if_behind()
        assert message is not None and head in message
        assert schema_revisions() == (head, head)
        assert "source_digest" in {c["name"] for c in
                                   db.inspect(db.engine).get_columns("call")}
        assert upgrade_if_behind() is None  # already at head: nothing to do
        db.engine.dispose()
