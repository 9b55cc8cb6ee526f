"""Fixtures of the demo tests: an app on an empty database the demo command migrates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from flask import Flask

from reviewapp import create_app
from reviewapp.extensions import db
from tests.helpers.pg import postgresql_schema


@pytest.fixture
def fresh_app(database, tmp_path) -> Iterator[Flask]:
    """An app on an empty database of the parametrized backend (the command migrates it)."""
    with ExitStack() as stack:
        if database.backend == "sqlite":
            url, options = f"sqlite:///{tmp_path / 'demo.sqlite'}", {}
        else:
            url = database.url
            options = stack.enter_context(postgresql_schema(url, "demo"))
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
            "SECRET_KEY": "test", "TESTING": True, "ARGON2_PROFILE": "CHEAPEST",
        })
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
