"""`reviewapp assign CALL --per-app K [--mode …] [--seed N] --out FILE.csv`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from reviewapp.safe_cells import csv_text
from reviewapp.services.assignment import MODES, AssignmentError, start_assignment_run

CSV_HEADER = ("app_id", "expert_id", "affinity")


@click.command("assign")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--per-app", type=click.IntRange(min=1), required=True,
              help="Experts per eligible application (K).")
@click.option("--mode", type=click.Choice(list(MODES)), default="optimal", show_default=True)
@click.option("--seed", type=int, help="Seed of the randomized draw (recorded for audit).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV to write: app_id, expert_id, affinity.")
@with_appcontext
def assign_command(call_id: int, per_app: int, mode: str, seed: int | None, out: Path) -> None:
    """Assign experts to the call's eligible applications and store the run."""
    try:
        run, pairs, summary = start_assignment_run(call_id, per_app, mode, seed)
    except AssignmentError as error:
        raise click.ClickException(str(error)) from error
    rows = ((p.app_id, p.expert_id, round(p.affinity, 6)) for p in pairs)
    # utf-8-sig so Excel on Windows opens the file correctly.
    out.write_text(csv_text(CSV_HEADER, rows), encoding="utf-8-sig")
    click.echo(json.dumps(summary | {"call": call_id, "run": run.id}, ensure_ascii=False))
    if run.status == "infeasible":
        for found in summary.get("diagnostics", []):
            click.echo(f"{found['zh']}\n{found['en']}", err=True)
        raise SystemExit(1)


COMMANDS = [assign_command]
