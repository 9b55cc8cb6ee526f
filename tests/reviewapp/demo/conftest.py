"""Fixtures of the demo tests: an app on an empty database the demo command migrates."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from reviewapp import create_app
from reviewapp.extensions import db


@pytest.fixture
def fresh_app(database, tmp_path) -> Iterator[Flask]:
    """An app on an empty database of the parametrized backend (the command migrates it)."""
    options: dict = {}
    schema = None
    if database.backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    else:
        url, schema = database.url, f"demo_{uuid.uuid4().hex[:12]}"
        with create_engine(url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
        "SECRET_KEY": "test", "TESTING": True, "ARGON2_PROFILE": "CHEAPEST",
    })
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(url).begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
