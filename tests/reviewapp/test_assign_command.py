"""`reviewapp assign` on a generated call: every panel rule holds on the stored pairs."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date

from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Assignment, AssignmentRun, AuditLog, Expert, Unit
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.conflicts import forbidden_pairs
from reviewapp.services.eligibility import eligible_application_ids


def test_assign_meets_every_rule(app, runner, tmp_path):
    """K experts per eligible application, no conflict, loads, one per unit, one external."""
    with app.app_context():
        call = create_call("分配测试", date(2025, 3, 31), template_2025())
        store_call_book(call, generate_demo_book(seed=11, n_applications=30, n_experts=60))
        db.session.commit()
        call_id = call.id
    out = tmp_path / "a.csv"
    done = runner.invoke(args=["assign", str(call_id), "--per-app", "3", "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output.strip().splitlines()[-1])
    assert summary["status"] == "optimal"
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with app.app_context():
        eligible = set(eligible_application_ids(call_id))
        forbidden = forbidden_pairs(call_id)
        experts = {e.expert_id: e for e in db.session.scalars(select(Expert))}
        units = {u.id: u for u in db.session.scalars(select(Unit))}
        assert len(db.session.scalars(select(Assignment)).all()) == len(rows)
        run = db.session.scalars(select(AssignmentRun)).one()
        assert run.status == "optimal" and run.per_app == 3
        assert db.session.scalars(select(AuditLog).where(
            AuditLog.action == "assignment.run")).first() is not None
    assert eligible
    per_app = Counter(r["app_id"] for r in rows)
    assert len(per_app) == len(eligible) and set(per_app.values()) == {3}
    assert not {(r["app_id"], r["expert_id"]) for r in rows} & forbidden
    load = Counter(r["expert_id"] for r in rows)
    assert all(experts[e].max_load is None or n <= experts[e].max_load for e, n in load.items())
    panels: dict[str, list[Expert]] = {}
    for r in rows:
        panels.setdefault(r["app_id"], []).append(experts[r["expert_id"]])
    for panel in panels.values():
        unit_ids = [e.unit_id for e in panel if e.unit_id is not None]
        assert len(unit_ids) == len(set(unit_ids))
        provinces = [units[e.unit_id].province if e.unit_id else e.province for e in panel]
        assert any("新疆" not in p for p in provinces)
