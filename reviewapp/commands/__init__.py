"""CLI commands: every module of this package lists its click commands in `COMMANDS`."""

from __future__ import annotations

import importlib
import pkgutil

from flask import Flask


def register_commands(app: Flask) -> None:
    """Add to `app.cli` every command of every module in this package."""
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for command in getattr(module, "COMMANDS", ()):
            app.cli.add_command(command)


def main() -> None:
    """The `reviewapp` console script: `reviewapp COMMAND`, as `flask --app reviewapp COMMAND`."""
    from flask.cli import FlaskGroup

    from reviewapp import create_app

    FlaskGroup(create_app=create_app, help="ReviewApp command line.")()
