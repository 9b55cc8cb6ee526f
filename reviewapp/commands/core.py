"""Core commands: init-db, create-user and serve."""

from __future__ import annotations

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from reviewapp import MIGRATIONS_DIR
from reviewapp.commands.jobs import start_jobs_in_process
from reviewapp.extensions import db
from reviewapp.models import ROLES
from reviewapp.services.accounts import UserError, create_user


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema to the latest migration."""
    upgrade(directory=MIGRATIONS_DIR)
    click.echo(f"Database ready: {current_app.config['SQLALCHEMY_DATABASE_URI']}")


def schema_revisions() -> tuple[str | None, str | None]:
    """The database's schema revision (None when it has none) and the code's latest one."""
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory(MIGRATIONS_DIR).get_current_head()
    return current, head


def upgrade_if_behind() -> str | None:
    """Bring the schema to the code's latest migration; a line saying what changed, or None."""
    current, head = schema_revisions()
    if current == head:
        return None
    upgrade(directory=MIGRATIONS_DIR)
    return f"Database schema upgraded from {current or 'empty'} to {head}"


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True, help="Role of the account.")
@click.option("--password", help="Password; prompted for (hidden) when not given.")
@click.option("--expert-code", help="The pool's expert_id this account belongs to.")
@click.option("--display-name", default="", help="Name shown in the pages.")
@with_appcontext
def create_user_command(
    username: str, role: str, password: str | None, expert_code: str | None, display_name: str
) -> None:
    """Create a login account with a role."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            username, role, password, display_name=display_name, expert_code=expert_code
        )
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.username} (id {user.id})")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Reload on code changes and show tracebacks.")
@click.option("--no-worker", is_flag=True,
              help="Run no background jobs here (`reviewapp worker` runs them elsewhere).")
@with_appcontext
def serve_command(host: str, port: int, debug: bool, no_worker: bool) -> None:
    """Run the development web server, with background jobs, and print its address.

    The one-machine server brings the schema up to date first: after an upgrade of the
    code, pages would otherwise fail on missing columns until someone ran init-db.
    """
    upgraded = upgrade_if_behind()
    if upgraded:
        click.echo(upgraded)
    click.echo(f"ReviewApp at http://{host}:{port}/")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not no_worker:
        start_jobs_in_process(app, debug)
    run_simple(host, port, app, use_reloader=debug, use_debugger=debug, threaded=True)


COMMANDS = [init_db_command, create_user_command, serve_command]
