"""Workbook commands: `import-call`, `export-call` and `call-template`."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from reviewapp.commands.settings import read_settings_file
from reviewapp.services.call_export import CallNotFound, export_call
from reviewapp.services.call_import import import_call
from reviewapp.workbook.issues import format_issues
from reviewapp.workbook.template import call_template


def parse_deadline(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    """The --deadline option as a date, or a usage error naming the format."""
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD, e.g. 2025-06-30") from error


@click.command("import-call")
@click.argument("book", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Name of the new call.")
@click.option("--deadline", required=True, callback=parse_deadline,
              help="Application deadline, YYYY-MM-DD (reference date of the 3-year rules).")
@click.option("--settings", "settings_file",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The call's settings as JSON (from call-settings --out); default: 2025.")
@click.option("--allow-duplicate", is_flag=True,
              help="Import even if a stored call came from an identical workbook.")
@with_appcontext
def import_call_command(book: Path, name: str, deadline: date,
                        settings_file: Path | None, allow_duplicate: bool) -> None:
    """Create a call from the 2025 template (or --settings) and import BOOK.xlsx; all or nothing."""
    settings = read_settings_file(settings_file) if settings_file else None
    result = import_call(book, name, deadline, settings, allow_duplicate=allow_duplicate)
    if result.duplicates:
        listed = "、".join(f"{call_id} {title}" for call_id, title in result.duplicates)
        click.echo(f"此工作簿与已有批次（{listed}）的导入文件完全相同，未导入；确需再建批次请加 "
                   f"--allow-duplicate / this workbook is identical to the one call(s) {listed} "
                   "came from; nothing was stored (add --allow-duplicate to import it anyway)",
                   err=True)
        sys.exit(1)
    if result.issues:
        click.echo(format_issues(result.issues), err=True)
    if not result.ok:
        click.echo("导入失败，未保存任何数据 / import failed, nothing was stored", err=True)
        sys.exit(1)
    click.echo(f"导入成功 / imported: call {result.call_id} {name}")
    click.echo(str(result.call_id))


@click.command("export-call")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Workbook to write (.xlsx), in the import format.")
@with_appcontext
def export_call_command(call_id: int, out: Path) -> None:
    """Write a stored call's units, applications, experts, relations and avoidance."""
    try:
        out.write_bytes(export_call(call_id))
    except CallNotFound as error:
        raise click.ClickException(f"no call with id {call_id}") from error
    click.echo(f"wrote {out}")


@click.command("call-template")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Template workbook to write (.xlsx).")
def call_template_command(out: Path) -> None:
    """Write an empty call workbook with example rows and a 说明 sheet."""
    out.write_bytes(call_template())
    click.echo(f"wrote {out}")


COMMANDS = [import_call_command, export_call_command, call_template_command]
