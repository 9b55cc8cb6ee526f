"""`reviewapp invite CALL` and `reviewapp refill CALL`: mail experts of the current run."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from reviewapp.services.invitations import InvitationError, invite_experts
from reviewapp.services.mail import mail_settings
from reviewapp.services.refill import refill_declined


@click.command("invite")
@click.argument("call_id", metavar="CALL", type=int)
@with_appcontext
def invite_command(call_id: int) -> None:
    """Invite every expert of the call's current run not yet invited (SMTP or the outbox)."""
    settings = mail_settings(current_app.config)
    try:
        result = invite_experts(call_id, None, settings)
    except InvitationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps({"call": call_id, "experts": result.experts, "pairs": result.pairs,
                           "mail": result.mail, "smtp": settings.smtp}))


@click.command("refill")
@click.argument("call_id", metavar="CALL", type=int)
@with_appcontext
def refill_command(call_id: int) -> None:
    """Fill declined or recused places by a re-run that keeps every other pair; invite."""
    settings = mail_settings(current_app.config)
    try:
        result = refill_declined(call_id, None, settings)
    except InvitationError as error:
        raise click.ClickException(str(error)) from error
    invited = result.invited
    click.echo(json.dumps({"call": call_id, "run": result.run_id, "status": result.status,
                           "open_slots": result.open_slots,
                           "invited_pairs": invited.pairs if invited else 0},
                          ensure_ascii=False))
    if result.status == "infeasible":
        for found in result.diagnostics:
            click.echo(f"{found['zh']}\n{found['en']}", err=True)
        raise SystemExit(1)


COMMANDS = [invite_command, refill_command]
