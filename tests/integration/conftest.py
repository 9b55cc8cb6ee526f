"""Fixtures of the unseen-workbook suite: one temporary database, one imported call.

The real console script (`.venv/bin/reviewapp`, a subprocess) creates the schema, imports
the Chinese workbook and runs the eligibility check; the cheaper in-process runner on the
same SQLite file drives the rest, so the suite stays well under a minute.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from reviewapp import create_app
from reviewapp.extensions import db
from tests.helpers.integration import Imported, Workspace
from tests.helpers.unseen_book import write_book
from tests.helpers.unseen_cases import DEADLINE


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A fresh database whose schema the real `reviewapp init-db` created."""
    folder = tmp_path_factory.mktemp("unseen")
    url = f"sqlite:///{folder / 'unseen.sqlite'}"
    env = {**os.environ, "DATABASE_URL": url,
           "REVIEWAPP_INSTANCE_PATH": str(folder / "instance")}
    done = Workspace(folder, url, env).run("init-db")
    assert done.returncode == 0, done.stderr
    return Workspace(folder, url, env)


@pytest.fixture(scope="session")
def imported(workspace: Workspace) -> Imported:
    """`reviewapp import-call` on the hand-made Chinese workbook."""
    book = write_book(workspace.folder / "unseen-zh.xlsx")
    done = workspace.run("import-call", str(book), "--name", "未见过的批次",
                         "--deadline", DEADLINE.isoformat())
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    return Imported(int(last), done.stdout, done.stderr)


@pytest.fixture(scope="session")
def eligibility_csv(workspace: Workspace, imported: Imported) -> Path:
    """`reviewapp eligibility CALL --out F.csv` through the console script."""
    out = workspace.folder / "eligibility-zh.csv"
    done = workspace.run("eligibility", str(imported.call_id), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="session")
def local_app(workspace: Workspace) -> Iterator[Flask]:
    """The app in this process, on the workspace database."""
    app = create_app({"TESTING": True, "SECRET_KEY": "unseen",
                      "SQLALCHEMY_DATABASE_URI": workspace.url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
