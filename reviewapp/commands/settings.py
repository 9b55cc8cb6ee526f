"""Settings command: `call-settings CALL --out FILE.json` and `--load FILE.json --reason …`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.call_settings import update_call_settings
from reviewapp.services.call_settings_checks import (
    SettingsError,
    SettingsIssue,
    plain,
    settings_from_json,
)


def settings_json(settings: CallSettings) -> str:
    """Settings as indented UTF-8 JSON, Chinese kept readable."""
    return json.dumps(plain(settings.to_json()), ensure_ascii=False, indent=2) + "\n"


def fail_with(issues: tuple[SettingsIssue, ...]) -> NoReturn:
    """Print each issue with its JSON path on stderr and exit 1."""
    for issue in issues:
        click.echo(f"{issue.path}: {issue.message_zh} / {issue.message_en}", err=True)
    click.echo("设置未保存 / settings not stored", err=True)
    sys.exit(1)


def read_settings_file(path: Path) -> CallSettings:
    """Settings from a JSON file, checked; on any problem print it and exit 1."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail_with((SettingsIssue("$", f"不是有效的 JSON：{error}", f"not valid JSON: {error}"),))
    try:
        return settings_from_json(data)
    except SettingsError as error:
        fail_with(error.issues)


@click.command("call-settings")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the call's settings to this JSON file.")
@click.option("--load", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check this JSON file and store it as the call's settings.")
@click.option("--reason", default="", help="Why the settings change (required with --load).")
@click.option("--confirm-rubric", is_flag=True,
              help="Change rubric points or priorities although reviews are submitted.")
@with_appcontext
def call_settings_command(
    call_id: int, out: Path | None, load: Path | None, reason: str, confirm_rubric: bool
) -> None:
    """Write a call's settings as JSON, or load checked settings with a reason (audited)."""
    if (out is None) == (load is None):
        raise click.UsageError("give exactly one of --out or --load")
    call = db.session.get(Call, call_id)
    if call is None:
        raise click.ClickException(f"no call with id {call_id}")
    if out is not None:
        out.write_text(settings_json(call.call_settings()), encoding="utf-8")
        click.echo(f"wrote {out}")
        return
    assert load is not None
    settings = read_settings_file(load)
    try:
        change = update_call_settings(call_id, settings, reason, None, confirm_rubric)
    except SettingsError as error:
        fail_with(error.issues)
    click.echo(json.dumps({"changed": list(change.changed), "stale": list(change.stale)}))


COMMANDS = [call_settings_command]
