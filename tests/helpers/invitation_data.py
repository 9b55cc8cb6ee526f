"""A generated call with a stored run, shared by the invitation and pair-edit tests."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Expert
from reviewapp.services.assignment import start_assignment_run
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.invitations import invite_experts
from reviewapp.services.mail import MailSettings

PER_APP = 3


def store_assigned_call(n_applications: int = 40, n_experts: int = 90) -> int:
    """A generated call (seed 11) with an optimal run of K=3 stored; its id."""
    call = create_call("邀请测试", date(2025, 3, 31), template_2025())
    store_call_book(call, generate_demo_book(seed=11, n_applications=n_applications,
                                             n_experts=n_experts))
    db.session.commit()
    run, _, _ = start_assignment_run(call.id, PER_APP, "optimal", 1)
    assert run.status != "infeasible"
    return call.id


def pairs_by_code(call_id: int) -> dict[tuple[str, str], Assignment]:
    """The call's assignment rows by (app code, expert code)."""
    rows = db.session.execute(
        select(Assignment, Application.app_id, Expert.expert_id)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id)
        .execution_options(populate_existing=True)).all()
    return {(app, expert): pair for pair, app, expert in rows}


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what is sent; `refuse` makes sending fail."""

    sent: list[EmailMessage] = []
    refuse = False

    def __init__(self, host: str, port: int, timeout: float = 0) -> None:
        self.host, self.port = host, port

    def starttls(self, context: Any = None) -> None:
        """Nothing to negotiate."""

    def login(self, user: str, password: str) -> None:
        """Accept any login."""

    def send_message(self, message: EmailMessage) -> None:
        """Record the message, or refuse it."""
        if FakeSMTP.refuse:
            raise OSError("connection refused by test")
        FakeSMTP.sent.append(message)

    def quit(self) -> None:
        """Nothing to close."""


def invite_and_refuse(call_id: int) -> list[str]:
    """Invite every pair (outbox), then one expert declines and another recuses; the two
    applications whose panels now have an open place, sorted."""
    invite_experts(call_id, None, MailSettings())
    pairs = sorted(pairs_by_code(call_id).items())
    (declined_app, _), declined = pairs[0]
    (recused_app, _), recused = pairs[PER_APP * 2]
    declined.status, declined.response_reason = "declined", "时间冲突"
    recused.status = "recused"
    db.session.commit()
    return sorted({declined_app, recused_app})
