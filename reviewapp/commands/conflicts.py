"""`reviewapp conflicts CALL --out FILE.csv` and `reviewapp duplicate-units CALL`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from reviewapp.services import conflicts as service


@click.command("conflicts")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV to write: app_id, expert_id, rule, evidence.")
@with_appcontext
def conflicts_command(call_id: int, out: Path) -> None:
    """Detect a call's conflicts of interest (C1–C6) and write every forbidden pair's rules."""
    try:
        counts = service.detect_conflicts(call_id)
    except service.ConflictError as error:
        raise click.ClickException(str(error)) from error
    rows = service.conflict_rows(call_id, include_lifted=False)
    # utf-8-sig so Excel on Windows opens the Chinese evidence correctly.
    out.write_text(service.conflicts_csv(rows), encoding="utf-8-sig")
    pairs = len({(row.app_id, row.expert_id) for row in rows})
    click.echo(json.dumps({"call": call_id, "forbidden_pairs": pairs, "by_rule": counts},
                          ensure_ascii=False))


@click.command("duplicate-units")
@click.argument("call_id", metavar="CALL", type=int)
@with_appcontext
def duplicate_units_command(call_id: int) -> None:
    """List units that are probably one unit typed twice (one group per line, tab-separated)."""
    try:
        groups = service.duplicate_units(call_id)
    except service.ConflictError as error:
        raise click.ClickException(str(error)) from error
    for group in groups:
        click.echo("\t".join((",".join(group.reasons), *(
            f"{unit_id} {name}" for unit_id, name in zip(group.unit_ids, group.names,
                                                         strict=True)))))
    click.echo(json.dumps({"call": call_id, "groups": len(groups)}))


COMMANDS = [conflicts_command, duplicate_units_command]
