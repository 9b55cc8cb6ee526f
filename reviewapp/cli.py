"""The `reviewapp` console script: the Flask CLI bound to this app."""

from __future__ import annotations

from flask.cli import FlaskGroup

from reviewapp import create_app


def main() -> None:
    """Run `reviewapp COMMAND`, the same as `flask --app reviewapp COMMAND`."""
    FlaskGroup(create_app=create_app, help="ReviewApp command line.")()
