"""Invitations and refill as job kinds, holding the assignment runs' lock on their call.

An invitation cannot run while an assignment run or a refill of the call is queued or
running (and the other way round): all three take the lock `assignment`.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from reviewapp.jobs.kinds import call_of
from reviewapp.jobs.registry import job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.jobs.store import JobError
from reviewapp.progress import N_
from reviewapp.services.invitations import InvitationError, MailResult, invite_experts
from reviewapp.services.mail import MailSettings, mail_settings
from reviewapp.services.refill import ASSIGNMENT_LOCK, refill_declined

NOTHING_TO_INVITE = N_("Nothing to invite: run the assignment first.")
NOTHING_TO_REFILL = N_("No declined or recused place is open.")


def settings_of(context: JobContext) -> MailSettings:
    """SMTP settings from the config; links point at the site the button was pressed on."""
    return mail_settings(current_app.config, context.params.get("base_url"))


def mail_json(result: MailResult, smtp: bool) -> dict[str, Any]:
    """What an invitation round did, JSON-ready."""
    return {"experts": result.experts, "pairs": result.pairs, "smtp": smtp,
            "mail": {"sent": 0, "outbox": 0, "failed": 0, **result.mail}}


@job_kind("invite", title=N_("Invitations"), lock=ASSIGNMENT_LOCK)
def invite_job(context: JobContext) -> dict[str, Any]:
    """Invite every expert of the call with pairs not yet invited (SMTP or the outbox)."""
    settings = settings_of(context)
    try:
        result = invite_experts(call_of(context), context.user, settings, progress=context)
    except InvitationError:
        raise JobError(NOTHING_TO_INVITE) from None
    return mail_json(result, settings.smtp)


@job_kind("refill", title=N_("Refill"), lock=ASSIGNMENT_LOCK)
def refill_job(context: JobContext) -> dict[str, Any]:
    """Refill declined and recused places by a re-run around every kept pair; invite them."""
    call_id = call_of(context)
    settings = settings_of(context)
    try:  # no run, or no open place (the button is disabled then; someone refilled first)
        result = refill_declined(call_id, context.user, settings, progress=context,
                                 check_busy=False)
    except InvitationError:
        raise JobError(NOTHING_TO_REFILL) from None
    return {"run_id": result.run_id, "status": result.status,
            "open_slots": result.open_slots, "diagnostics": result.diagnostics,
            "new_pairs": [list(pair) for pair in result.new_pairs],
            "invited": (mail_json(result.invited, settings.smtp)
                        if result.invited is not None else None)}
