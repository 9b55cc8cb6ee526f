"""Fixtures of the unseen-workbook suite: one temporary database, one imported call.

The real console script (`.venv/bin/reviewapp`, a subprocess) creates the schema, imports
the Chinese workbook and runs the eligibility check; the cheaper in-process runner on the
same SQLite file drives the rest, so the suite stays well under a minute.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select

from reviewapp import create_app
from reviewapp.extensions import db
from reviewapp.models import Call
from tests.integration.unseen_book import write_book
from tests.integration.unseen_cases import DEADLINE

REVIEWAPP = Path(sys.executable).with_name("reviewapp")


@dataclass(frozen=True)
class Workspace:
    """A folder, its SQLite database and the environment pointing the CLI at both."""

    folder: Path
    url: str
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the real `reviewapp` console script; never raises on a non-zero exit."""
        return subprocess.run([str(REVIEWAPP), *args], env=self.env, capture_output=True,
                              text=True, timeout=120, check=False)


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


@dataclass(frozen=True)
class Imported:
    """The Chinese workbook imported through the console script."""

    call_id: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def imported(workspace: Workspace) -> Imported:
    """`reviewapp import-call` on the hand-made Chinese workbook."""
    book = write_book(workspace.folder / "unseen-zh.xlsx")
    done = workspace.run("import-call", str(book), "--name", "未见过的批次",
                         "--deadline", DEADLINE.isoformat())
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    return Imported(int(last), done.stdout, done.stderr)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV the app wrote (utf-8, BOM tolerated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


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


def invoke(app: Flask, *args: str) -> Result:
    """Run a CLI command in-process; an uncaught exception is a test failure."""
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output)
    return result


def call_count(app: Flask) -> int:
    """How many calls the database holds."""
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Call))
        db.session.remove()
        return int(count or 0)
