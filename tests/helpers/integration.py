"""The unseen-workbook suite's workspace: the real console script on a temporary database."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import Result
from flask import Flask
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Call

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


@dataclass(frozen=True)
class Imported:
    """The Chinese workbook imported through the console script."""

    call_id: int
    stdout: str
    stderr: str


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV the app wrote (utf-8, BOM tolerated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


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
