"""Manual edits and refill: conflicts refused in the service, locks kept, nothing settled moves."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AuditLog,
    Call,
    Expert,
    Job,
    MailMessage,
)
from reviewapp.services.assignment import start_assignment_run
from reviewapp.services.conflicts import declare_conflict, forbidden_pairs
from reviewapp.services.invitations import InvitationError, invite_experts
from reviewapp.services.mail import MailSettings
from reviewapp.services.pair_edits import (
    ACTIVE,
    PairEditError,
    add_expert,
    check_pair,
    set_locked,
    swap_expert,
)
from reviewapp.services.refill import RefillBusy, open_slots, refill_declined
from tests.helpers.invitation_data import PER_APP, pairs_by_code, store_assigned_call

OUTBOX = MailSettings()


@pytest.fixture
def call_id(app) -> int:
    """A call with a stored run, nobody invited yet."""
    with app.app_context():
        return store_assigned_call()


def allowed_expert(call_id: int, app_code: str, replacing: Assignment | None = None) -> str:
    """An expert the rules let onto the application's panel."""
    call = db.session.get(Call, call_id)
    application = db.session.scalars(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_code)).one()
    for expert in db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                     .order_by(Expert.expert_id)):
        if not check_pair(call, application, expert, replacing):
            return expert.expert_id
    raise AssertionError("no allowed expert")


def codes(problems: list) -> set[str]:
    """The codes of an error's problems."""
    return {p.code for p in problems}


def test_a_conflicted_pair_is_refused_and_nothing_stored(app, call_id):
    """Adding or swapping in a forbidden pair fails with the conflict named; no row, no audit."""
    with app.app_context():
        pairs = pairs_by_code(call_id)
        assigned_apps = {a for a, _ in pairs}
        app_code, expert_code = sorted(p for p in forbidden_pairs(call_id)
                                       if p[0] in assigned_apps)[0]
        before = len(pairs)
        with pytest.raises(PairEditError) as refused:
            add_expert(call_id, app_code, expert_code, "专家熟悉该领域", None)
        assert "conflict" in codes(refused.value.problems)
        victim = next(p for (a, _), p in pairs.items() if a == app_code)
        with pytest.raises(PairEditError) as swapped:
            swap_expert(call_id, victim.id, expert_code, "替换", None)
        assert "conflict" in codes(swapped.value.problems)
        db.session.rollback()
        assert len(pairs_by_code(call_id)) == before
        assert not db.session.scalars(select(AuditLog).where(
            AuditLog.action.in_(("assignment.add", "assignment.swap")))).all()


def test_panel_rules_full_panel_and_reason(app, call_id):
    """A full panel, a second expert of one unit and a missing reason are each refused."""
    with app.app_context():
        pairs = pairs_by_code(call_id)
        app_code, member = sorted(pairs)[0]
        with pytest.raises(PairEditError) as full:
            add_expert(call_id, app_code, allowed_expert(call_id, app_code,
                                                         pairs[(app_code, member)]), "x", None)
        assert "panel_full" in codes(full.value.problems)
        with pytest.raises(PairEditError) as no_reason:
            add_expert(call_id, app_code, member, "  ", None)
        assert codes(no_reason.value.problems) == {"reason_required"}
        with pytest.raises(PairEditError) as twice:
            swap_expert(call_id, pairs[(app_code, member)].id, member, "x", None)
        assert "on_panel" in codes(twice.value.problems)
        unit = db.session.get(Expert, pairs[(app_code, member)].expert_id).unit_id
        colleague = db.session.scalars(select(Expert).where(
            Expert.call_id == call_id, Expert.unit_id == unit,
            Expert.expert_id != member)).first()
        other = next(p for (a, e), p in pairs.items() if a == app_code and e != member)
        if colleague is not None:
            with pytest.raises(PairEditError) as same:
                swap_expert(call_id, other.id, colleague.expert_id, "x", None)
            assert "same_unit" in codes(same.value.problems)


def test_swap_and_add_store_locked_pairs_with_audit(app, call_id):
    """A swap replaces an unanswered pair; a declined place takes an added expert."""
    with app.app_context():
        pairs = pairs_by_code(call_id)
        (app_code, member), pair = sorted(pairs.items())[0]
        newcomer = allowed_expert(call_id, app_code, pair)
        swapped = swap_expert(call_id, pair.id, newcomer, "原专家出差", None)
        after = pairs_by_code(call_id)
        assert (app_code, member) not in after and after[(app_code, newcomer)].locked
        assert swapped.status == "assigned"
        (second_app, leaver), declined = sorted(after.items())[-1]
        declined.status = "declined"
        db.session.commit()
        added = add_expert(call_id, second_app, allowed_expert(call_id, second_app), "补充", None)
        assert added.locked and pairs_by_code(call_id)[(second_app, leaver)].status == "declined"
        actions = [a.action for a in db.session.scalars(select(AuditLog).where(
            AuditLog.action.like("assignment.%")))]
        assert actions.count("assignment.swap") == 1 and actions.count("assignment.add") == 1


def test_settled_or_locked_pairs_cannot_be_swapped(app, call_id):
    """An accepted pair and a locked pair stay where they are."""
    with app.app_context():
        pairs = sorted(pairs_by_code(call_id).items())
        (app_code, _), accepted = pairs[0]
        accepted.status = "accepted"
        (locked_app, _), locked = pairs[1]
        db.session.commit()
        set_locked(call_id, [locked.id], True, "主审专家", None)
        with pytest.raises(PairEditError) as settled:
            swap_expert(call_id, accepted.id, allowed_expert(call_id, app_code, accepted),
                        "x", None)
        assert "pair_settled" in codes(settled.value.problems)
        with pytest.raises(PairEditError) as held:
            swap_expert(call_id, locked.id, allowed_expert(call_id, locked_app, locked),
                        "x", None)
        assert "pair_locked" in codes(held.value.problems)


def test_a_rerun_keeps_locked_pairs(app, call_id):
    """Locked pairs survive a re-run in another mode; unlocking is audited too."""
    with app.app_context():
        pairs = pairs_by_code(call_id)
        keep = sorted(pairs)[:4]
        assert set_locked(call_id, [pairs[k].id for k in keep], True, "保留", None) == 4
        start_assignment_run(call_id, PER_APP, "randomized", 7)
        after = pairs_by_code(call_id)
        assert all(k in after and after[k].locked for k in keep)
        assert set_locked(call_id, [after[keep[0]].id], False, "解锁", None) == 1
        with pytest.raises(PairEditError):
            set_locked(call_id, [after[keep[0]].id], False, "again", None)


def test_refill_moves_no_locked_or_accepted_pair(app, call_id):
    """Declined and recused places are refilled and invited; every kept pair stays put."""
    with app.app_context():
        invite_experts(call_id, None, OUTBOX)
        with pytest.raises(InvitationError):
            refill_declined(call_id, None, OUTBOX)
        pairs = sorted(pairs_by_code(call_id).items())
        for (_, _), pair in pairs[0:6]:
            pair.status = "accepted"
        (declined_app, decliner), declined = pairs[6]
        declined.status, declined.response_reason = "declined", "时间冲突"
        (recused_app, recuser), recused = pairs[9]
        recused.status = "recused"
        db.session.commit()
        declare_conflict(call_id, recused_app, recuser, "曾合作", None)
        set_locked(call_id, [pairs[12][1].id], True, "保留", None)
        kept = {key: (pair.status, pair.locked) for key, pair in pairs_by_code(call_id).items()
                if pair.status not in ("declined", "recused")}
        mails_before = db.session.scalar(select(db.func.count(MailMessage.id)))
        assert open_slots(call_id) == 2
        running = Job(kind="assignment", call_id=call_id, status="running",
                      lock_key="assignment")
        db.session.add(running)
        db.session.commit()
        with pytest.raises(RefillBusy):
            refill_declined(call_id, None, OUTBOX)
        running.status = "done"
        db.session.commit()

        result = refill_declined(call_id, None, OUTBOX)

        assert result.status != "infeasible" and result.open_slots == 2
        after = pairs_by_code(call_id)
        assert all(after[key].status == state[0] and after[key].locked == state[1]
                   for key, state in kept.items())
        new = {key: p for key, p in after.items() if key not in kept
               and p.status not in ("declined", "recused")}
        assert {a for a, _ in new} == {declined_app, recused_app}
        assert {p.status for p in new.values()} == {"invited"}
        assert (declined_app, decliner) not in new and (recused_app, recuser) not in new
        active = Counter(a for (a, _), p in after.items() if p.status in ACTIVE)
        assert active[declined_app] == active[recused_app] == PER_APP
        assert after[(declined_app, decliner)].status == "declined"
        assert result.invited is not None and result.invited.pairs == 2
        mails = db.session.scalar(select(db.func.count(MailMessage.id)))
        assert mails - mails_before == len({e for _, e in new})
        assert open_slots(call_id) == 0
