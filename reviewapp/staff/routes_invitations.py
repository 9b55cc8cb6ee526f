"""Staff views of invitations: pairs by status, invite, refill, edits and locks, the outbox."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp import jobs
from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.models import Assignment, Call, Job
from reviewapp.security import redirect_back
from reviewapp.services import invitation_reads as reads
from reviewapp.services import listing
from reviewapp.services.invitations import (
    InvitationError,
    MailResult,
    resend_outbox,
    send_reminders,
)
from reviewapp.services.mail import MailSettings, mail_settings
from reviewapp.services.pair_edits import PairEditError, add_expert, set_locked, swap_expert
from reviewapp.services.refill import open_slots
from reviewapp.staff import bp
from reviewapp.staff.common import RunForm, xlsx_response
from reviewapp.staff.forms_invitations import AddPairForm, LockForm, SwapForm
from reviewapp.staff.jobs_view import start_call_job


def settings() -> MailSettings:
    """SMTP settings from the config; links in mail point at this site unless BASE_URL says."""
    return mail_settings(current_app.config, request.url_root)


def problem_text(code: str, detail: str) -> str:
    """One reason an edit was refused, in the page's language."""
    texts = {
        "reason_required": _("Give a reason."),
        "unknown_app": _("Application %(detail)s is not in this call.", detail=detail),
        "unknown_expert": _("Expert %(detail)s is not in this call's pool.", detail=detail),
        "unknown_pair": _("No such pair in this call."),
        "not_eligible": _("Application %(detail)s is not eligible for review.", detail=detail),
        "conflict": _("Conflict of interest: %(detail)s", detail=detail),
        "unavailable": _("Expert %(detail)s is marked unavailable.", detail=detail),
        "refused": _("The expert already declined or recused this application."),
        "on_panel": _("Expert %(detail)s is already on this panel.", detail=detail),
        "same_unit": _("An expert of the same unit is on the panel: %(detail)s", detail=detail),
        "panel_full": _("The panel is full (%(detail)s): swap an expert, or raise the panel "
                        "size first.", detail=detail),
        "no_external": _("The panel needs at least one expert from outside %(detail)s.",
                         detail=detail),
        "load_full": _("The expert's load is full (%(detail)s).", detail=detail),
        "pair_locked": _("The pair is locked: unlock it first."),
        "pair_settled": _("A pair cannot be swapped once it is %(status)s.",
                          status=reads.STATUS_LABELS.get(detail, detail)),
    }
    return texts.get(code, f"{code} {detail}")


def flash_refusal(error: PairEditError) -> None:
    """Say that nothing was saved, and every reason why."""
    flash(_("Not saved: %(reasons)s", reasons=" ".join(
        problem_text(p.code, p.detail_en if english() and p.detail_en else p.detail)
        for p in error.problems)), "error")


def mail_line(what: str, experts: int, pairs: int, mail: dict[str, int]) -> str:
    """How many experts were written to and where the messages went."""
    return _("%(what)s: %(experts)d experts, %(pairs)d pairs. Sent %(sent)d, in the outbox "
             "%(outbox)d, failed %(failed)d.", what=what, experts=experts, pairs=pairs,
             sent=mail.get("sent", 0), outbox=mail.get("outbox", 0),
             failed=mail.get("failed", 0))


def flash_mail(result: MailResult, what: str) -> None:
    """Flash how many experts were written to and where the messages went."""
    flash(mail_line(what, result.experts, result.pairs, result.mail),
          "success" if not result.mail.get("failed") else "warning")


# The invitations page's jobs: both hold the call's assignment lock.
MAIL_JOB_KINDS = ("invite", "refill")


def mail_job(call_id: int) -> Job | None:
    """The call's latest invitation or refill job, if any."""
    found = [job for kind in MAIL_JOB_KINDS if (job := jobs.latest_job(call_id, kind))]
    return max(found, key=lambda job: job.id) if found else None


def job_lines(job: Job | None) -> list[str]:
    """What a finished invitation or refill job did, in the page's language."""
    if job is None or job.status != "done" or not job.result:
        return []
    result = job.result
    if job.kind == "invite":
        return [mail_line(_("Invitations"), result["experts"], result["pairs"],
                          result["mail"])]
    if result.get("invited") is None:
        return [_("The re-run found no assignment: %(why)s", why=" ".join(
            d.get("en" if english() else "zh", "") for d in result["diagnostics"]))]
    pairs = result["new_pairs"]
    invited = result["invited"]
    return [
        _("Run %(id)d filled %(filled)d of %(open)d open places: %(pairs)s.",
          id=result["run_id"], filled=len(pairs), open=result["open_slots"],
          pairs=", ".join(f"{app} ← {expert}" for app, expert in pairs) or "—"),
        mail_line(_("Refill"), invited["experts"], invited["pairs"], invited["mail"]),
    ]


def start_mail_job(call_id: int, kind: str) -> None:
    """Queue an invitation or refill job; the page shows its progress, then what it did."""
    start_call_job(kind, call_id, {"base_url": request.url_root})


def render_page(call: Call, add_form: AddPairForm, status: int = 200) -> tuple[str, int]:
    """The invitations page: counts, actions, the filtered pairs and the edit forms."""
    spec = reads.pairs_spec()
    query = listing.parse_query(request.args, spec)
    page = reads.pairs_page(call.id, spec, query)
    return render_template(
        "staff/invitations.html", call=call, current_stage="assignment", spec=spec,
        query=query, page=page, counts=reads.status_counts(call.id),
        locked=reads.locked_count(call.id), slots=open_slots(call.id),
        mail=reads.mail_counts(call.id), labels=reads.STATUS_LABELS,
        icons=reads.STATUS_ICONS, run_form=RunForm(), add_form=add_form,
        swap_form=SwapForm(formdata=None), lock_form=LockForm(formdata=None),
        mail_job=mail_job(call.id), job_lines=job_lines,
    ), status


@bp.route("/calls/<int:call_id>/invitations", endpoint="invitations")
@role_required("staff")
def invitations(call_id: int) -> tuple[str, int] | Response:
    """Pairs of the current assignment by status, with the reasons experts gave."""
    call = db.get_or_404(Call, call_id)
    if request.args.get("export") == "xlsx":
        spec = reads.pairs_spec()
        rows = reads.pairs_export(call_id, spec, listing.parse_query(request.args, spec))
        data = listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                                  sheet="invitations", yes=_("Yes"), no=_("No"))
        return xlsx_response(data, f"call-{call_id}-invitations.xlsx")
    return render_page(call, AddPairForm(formdata=None))


def _checked_post(call_id: int) -> Call:
    """The call of a button's POST, after its CSRF check."""
    call = db.get_or_404(Call, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    return call


@bp.route("/calls/<int:call_id>/invitations/send", methods=["POST"],
          endpoint="invitations_send")
@role_required("staff")
def send(call_id: int) -> Response:
    """Invite every expert with pairs not yet invited, as a background job."""
    _checked_post(call_id)
    start_mail_job(call_id, "invite")
    return redirect(url_for("staff.invitations", call_id=call_id))


@bp.route("/calls/<int:call_id>/invitations/remind", methods=["POST"],
          endpoint="invitations_remind")
@role_required("staff")
def remind(call_id: int) -> Response:
    """Remind every expert with invited or accepted pairs not yet reviewed."""
    _checked_post(call_id)
    flash_mail(send_reminders(call_id, None, current_user, settings()), _("Reminders"))
    return redirect(url_for("staff.invitations", call_id=call_id))


@bp.route("/calls/<int:call_id>/invitations/refill", methods=["POST"],
          endpoint="invitations_refill")
@role_required("staff")
def refill(call_id: int) -> Response:
    """Refill declined and recused places by a re-run around every kept pair, then invite
    the new experts: a background job holding the call's assignment lock."""
    _checked_post(call_id)
    start_mail_job(call_id, "refill")
    return redirect(url_for("staff.invitations", call_id=call_id))


@bp.route("/calls/<int:call_id>/pairs/add", methods=["POST"], endpoint="pairs_add")
@role_required("staff")
def add(call_id: int) -> tuple[str, int] | Response:
    """Add an expert to a panel, every rule checked again by the service."""
    call = db.get_or_404(Call, call_id)
    form = AddPairForm()
    if not form.validate_on_submit():
        flash(_("Give the application, the expert and a reason."), "error")
        return render_page(call, form, 400)
    app_id, expert_id = filled(form.app_id.data), filled(form.expert_id.data)
    try:
        add_expert(call_id, app_id, expert_id, filled(form.reason.data), current_user)
    except PairEditError as error:
        flash_refusal(error)
        return render_page(call, form, 400)
    flash(_("Expert %(expert)s added to %(app)s (locked, not invited yet).",
            expert=expert_id.strip(), app=app_id.strip()), "success")
    return redirect(url_for("staff.invitations", call_id=call_id))


def _pair_or_404(call_id: int, pair_id: int) -> Assignment:
    """The call's pair, or a 404."""
    pair = reads.call_pair(call_id, pair_id)
    if pair is None:
        abort(404)
    return pair


@bp.route("/calls/<int:call_id>/pairs/<int:pair_id>/swap", methods=["POST"],
          endpoint="pairs_swap")
@role_required("staff")
def swap(call_id: int, pair_id: int) -> tuple[str, int] | Response:
    """Put another expert in a pair's place, every rule checked again by the service."""
    call = db.get_or_404(Call, call_id)
    _pair_or_404(call_id, pair_id)
    form = SwapForm()
    if not form.validate_on_submit():
        flash(_("Give the new expert and a reason."), "error")
        return render_page(call, AddPairForm(formdata=None), 400)
    expert_id = filled(form.expert_id.data)
    try:
        swap_expert(call_id, pair_id, expert_id, filled(form.reason.data), current_user)
    except PairEditError as error:
        flash_refusal(error)
        return render_page(call, AddPairForm(formdata=None), 400)
    flash(_("Expert %(expert)s put in the pair's place (locked, not invited yet).",
            expert=expert_id.strip()), "success")
    return redirect(url_for("staff.invitations", call_id=call_id))


@bp.route("/calls/<int:call_id>/pairs/<int:pair_id>/lock", methods=["POST"],
          endpoint="pairs_lock")
@role_required("staff")
def lock(call_id: int, pair_id: int) -> tuple[str, int] | Response:
    """Lock or unlock one pair, with a reason."""
    call = db.get_or_404(Call, call_id)
    _pair_or_404(call_id, pair_id)
    form = LockForm()
    if not form.validate_on_submit():
        flash(_("Give a reason."), "error")
        return render_page(call, AddPairForm(formdata=None), 400)
    locking = form.locked.data == "1"
    try:
        set_locked(call_id, [pair_id], locking, filled(form.reason.data), current_user)
    except PairEditError as error:
        flash_refusal(error)
        return render_page(call, AddPairForm(formdata=None), 400)
    flash(_("Pair locked.") if locking else _("Pair unlocked."), "success")
    return redirect_back(url_for("staff.invitations", call_id=call_id))


@bp.route("/calls/<int:call_id>/outbox", endpoint="outbox")
@role_required("staff")
def outbox(call_id: int) -> str | Response:
    """Every message written to the call's experts: sent, failed or waiting in the outbox."""
    call = db.get_or_404(Call, call_id)
    spec = reads.outbox_spec()
    query = listing.parse_query(request.args, spec)
    if request.args.get("export") == "xlsx":
        rows = reads.outbox_export(call_id, spec, query)
        data = listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                                  sheet="outbox")
        return xlsx_response(data, f"call-{call_id}-outbox.xlsx")
    page = reads.outbox_page(call_id, spec, query)
    return render_template(
        "staff/outbox.html", call=call, current_stage="assignment", spec=spec, query=query,
        page=page, counts=reads.mail_counts(call_id), mail=settings(), run_form=RunForm(),
        status_labels=reads.MAIL_STATUS_LABELS)


@bp.route("/calls/<int:call_id>/outbox/resend", methods=["POST"], endpoint="outbox_resend")
@role_required("staff")
def resend(call_id: int) -> Response:
    """Send again every message of the call that has not left (needs SMTP)."""
    _checked_post(call_id)
    try:
        counts: dict[str, Any] = resend_outbox(call_id, current_user, settings())
    except InvitationError:
        flash(_("No SMTP server is configured: the messages stay in the outbox."), "error")
        return redirect(url_for("staff.outbox", call_id=call_id))
    flash(_("Sent %(sent)d, failed %(failed)d, left in the outbox %(outbox)d.",
            sent=counts["sent"], failed=counts["failed"], outbox=counts["outbox"]), "info")
    return redirect(url_for("staff.outbox", call_id=call_id))
