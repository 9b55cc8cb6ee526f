"""The staff assignment page: who reaches it, a run from the page, results, why not, export."""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AssignmentRun,
    AuditLog,
    Conflict,
    Expert,
    RunPair,
)
from reviewapp.services.conflicts import forbidden_pairs
from tests.helpers.assignment_call import K
from tests.helpers.assignment_call import call_id as call_id  # noqa: F401 (fixture)


def start(client, call_id: int, **fields) -> object:
    """POST the run form with K and the given fields."""
    client.get(f"/staff/calls/{call_id}/assignment")
    data = {"per_app": str(K), "mode": "optimal", "make_current": "y"} | fields
    return client.post(f"/staff/calls/{call_id}/assignment/run", data=data)


GETS = ["", "/loads", "/runs/{run}", "/runs/{run}/why?app_id=X&expert_id=Y",
        "/compare?left={run}&right={run}", "/export.xlsx", "/runs/{run}/export.xlsx"]


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("expert", 403), ("committee", 403), ("admin", 200)])
def test_only_staff_and_admin_reach_every_route(app, client, auth, call_id, role, status):
    """Anonymous users go to log in, experts and committee are refused, on every route."""
    with app.app_context():
        run = AssignmentRun(call_id=call_id, per_app=K, status="optimal", is_current=True)
        db.session.add(run)
        db.session.commit()
        run_id = run.id
    if role:
        auth.login_as(role)
    base = f"/staff/calls/{call_id}/assignment"
    for path in GETS:
        response = client.get(base + path.format(run=run_id))
        expected = 404 if status == 200 and "why" in path else status
        assert response.status_code == expected, path
    posts = ["/run", f"/runs/{run_id}/current", "/loads", "/loads/ZJ0001"]
    for path in posts:
        response = client.post(base + path, data={})
        assert response.status_code in ((status,) if status != 200 else (302, 400)), path


def test_run_from_the_page_keeps_every_rule(app, client, auth, call_id):
    """K experts per online application, no conflict, loads kept; classified left out."""
    auth.login_as("staff")
    response = start(client, call_id)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "专家分配" in text and "匹配度" in text
    with app.app_context():
        run = db.session.scalars(select(AssignmentRun)).one()
        assert run.status == "optimal" and run.is_current
        assert run.summary["timings"]["solve"] >= 0
        pairs = db.session.execute(select(Application.app_id, Expert.expert_id, Expert.max_load,
                                          RunPair.explanation)
                                   .join(Application, Application.id == RunPair.application_id)
                                   .join(Expert, Expert.id == RunPair.expert_id)).all()
        classified = db.session.scalar(select(Application.app_id)
                                       .where(Application.classified.is_(True)))
        forbidden = forbidden_pairs(call_id)
        stored = db.session.scalars(select(Assignment)).all()
    panels = Counter(app_id for app_id, *_ in pairs)
    assert classified not in panels
    assert all(app_id in text for app_id in sorted(panels)[:10])  # the first page of panels
    assert set(panels.values()) == {K}
    assert not {(a, e) for a, e, *_ in pairs} & forbidden
    loads = Counter(expert for _a, expert, *_ in pairs)
    limits = {e: m for _a, e, m, _x in pairs}
    assert all(limits[e] is None or n <= limits[e] for e, n in loads.items())
    assert all(why["expert_id"] and "score" in why for *_, why in pairs)
    assert len(stored) == len(pairs) and all(a.explanation for a in stored)


def test_classified_are_listed_for_offline_handling(client, auth, call_id):
    """The page names the classified application."""
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/assignment").get_data(as_text=True)
    assert "线下处理" in page and "2025YJ0001" in page


def test_bad_k_stores_nothing(app, client, auth, call_id):
    """K out of range answers 400 with the field's error and stores no run."""
    auth.login_as("staff")
    response = start(client, call_id, per_app="0")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(AssignmentRun)).first() is None


def test_infeasible_run_shows_the_diagnosis(app, client, auth, call_id):
    """Too few experts for K: the run is stored, not current, and the page says why."""
    auth.login_as("staff")
    with app.app_context():
        for expert in db.session.scalars(select(Expert)):
            expert.max_load = 0
        db.session.commit()
    response = start(client, call_id)
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "评审容量合计" in text, text[text.find("diagnosis"):][:800]
    with app.app_context():
        run = db.session.scalars(select(AssignmentRun)).one()
        assert run.status == "infeasible" and not run.is_current


def test_current_run_compare_and_export(app, client, auth, call_id):
    """Two runs: the older is made current again, compared, and the current one exported."""
    auth.login_as("staff")
    start(client, call_id)
    start(client, call_id, mode="randomized", max_prob="0.5", seed="7")
    with app.app_context():
        first, second = db.session.scalars(select(AssignmentRun).order_by(AssignmentRun.id))
        assert second.is_current and not first.is_current and second.seed == 7
        ids = first.id, second.id
    client.get(f"/staff/calls/{call_id}/assignment")
    made = client.post(f"/staff/calls/{call_id}/assignment/runs/{ids[0]}/current",
                       data={"csrf_token": ""})
    assert made.status_code == 302
    with app.app_context():
        current = db.session.scalars(select(AssignmentRun)
                                     .where(AssignmentRun.is_current.is_(True))).all()
        assert [run.id for run in current] == [ids[0]]
        assert {a.run_id for a in db.session.scalars(select(Assignment))} == {ids[0]}
        assert db.session.scalar(select(AuditLog).where(
            AuditLog.action == "assignment.make_current")) is not None
    compare = client.get(f"/staff/calls/{call_id}/assignment/compare?left={ids[0]}"
                         f"&right={ids[1]}")
    assert compare.status_code == 200 and f"#{ids[1]}" in compare.get_data(as_text=True)
    export = client.get(f"/staff/calls/{call_id}/assignment/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["项目编号", "项目名称", "支持方向", "专家编号"]
    with app.app_context():
        pairs = db.session.scalars(select(RunPair).where(RunPair.run_id == ids[0])).all()
    assert sheet.max_row - 1 == len(pairs) > 0


def test_why_not_names_the_conflict(app, client, auth, call_id):
    """A conflicted pair is explained by its rule and evidence; unknown codes answer 404."""
    auth.login_as("staff")
    start(client, call_id)
    with app.app_context():
        run_id = db.session.scalar(select(AssignmentRun.id))
        app_id, expert_id = sorted(forbidden_pairs(call_id))[0]
    url = f"/staff/calls/{call_id}/assignment/runs/{run_id}/why"
    text = client.get(url, query_string={"app_id": app_id, "expert_id": expert_id}).get_data(
        as_text=True)
    assert "回避" in text and expert_id in text
    with app.app_context():
        english = db.session.scalars(select(Conflict.evidence_en).join(Application).join(
            Expert).where(Application.app_id == app_id, Expert.expert_id == expert_id)).all()
    client.post("/language/en", data={"next": "/staff/calls"})
    text = client.get(url, query_string={"app_id": app_id, "expert_id": expert_id}).get_data(
        as_text=True)
    assert english and all(e.replace("'", "&#39;") in text for e in english)
    assert client.get(url, query_string={"app_id": app_id, "expert_id": "NOPE"}
                      ).status_code == 404


def test_loads_per_expert_and_in_bulk(app, client, auth, call_id):
    """Minimum loads can be set; a minimum above the maximum is refused, nothing stored."""
    auth.login_as("staff")
    client.get(f"/staff/calls/{call_id}/assignment/loads")
    base = f"/staff/calls/{call_id}/assignment/loads"
    assert client.post(f"{base}/ZJ0001", data={"min_load": "2", "max_load": "4"}
                       ).status_code == 302
    assert client.post(base, data={"scope": "all", "min_load": "1"}).status_code == 302
    bad = client.post(base, data={"scope": "all", "min_load": "9", "max_load": "3"})
    assert bad.status_code == 400
    with app.app_context():
        experts = {e.expert_id: e for e in db.session.scalars(select(Expert))}
        assert (experts["ZJ0001"].min_load, experts["ZJ0001"].max_load) == (1, 4)
        assert all(e.min_load == 1 for e in experts.values())
