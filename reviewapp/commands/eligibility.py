"""`reviewapp eligibility CALL --out FILE.csv [--xlsx FILE.xlsx]`: run the check and export it."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from reviewapp.eligibility.report import csv_text, xlsx_bytes
from reviewapp.services.eligibility import EligibilityError, eligibility_rows, run_eligibility


@click.command("eligibility")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV to write: app_id, eligible (是/否), failed, flags.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an Excel workbook with the evidence of every finding.")
@with_appcontext
def eligibility_command(call_id: int, out: Path, xlsx: Path | None) -> None:
    """Run (or re-run) the eligibility check of a call and write its verdicts."""
    try:
        summary = run_eligibility(call_id)
    except EligibilityError as error:
        raise click.ClickException(str(error)) from error
    rows = eligibility_rows(call_id)
    # utf-8-sig so Excel on Windows opens the Chinese 是/否 correctly.
    out.write_text(csv_text(rows), encoding="utf-8-sig")
    if xlsx is not None:
        xlsx.write_bytes(xlsx_bytes(rows))
    for dropped in summary.dropped:
        click.echo(f"override dropped: {dropped.app_id} {dropped.rule_id} "
                   f"({dropped.old_verdict}→{dropped.new_verdict or '-'}): {dropped.reason}",
                   err=True)
    click.echo(json.dumps(summary.as_json() | {"call": call_id}, ensure_ascii=False))


COMMANDS = [eligibility_command]
