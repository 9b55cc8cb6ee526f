"""`reviewapp call-settings` and `import-call --settings`: JSON out, checked load, audit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from sqlalchemy import func, select

from reviewapp.call_settings_model import template_2025
from reviewapp.commands.settings import settings_json
from reviewapp.extensions import db
from reviewapp.models import AuditLog, Call
from reviewapp.services.call_settings_checks import settings_from_json
from reviewapp.workbook.export import export_call_book
from tests.helpers.call_settings import book, store_call


def stored_settings(app, call_id: int):
    """The call's settings as stored."""
    with app.app_context():
        return db.session.get(Call, call_id).call_settings()


def settings_audits(app) -> int:
    """Number of settings audit rows."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "call.settings"))


def test_out_then_load_round_trips(app, runner, tmp_path):
    """The written JSON reads back equal; loading it unchanged stores nothing new."""
    with app.app_context():
        call_id = store_call()
    out = tmp_path / "settings.json"
    result = runner.invoke(args=["call-settings", str(call_id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "援疆省市科技合作项目" in out.read_text(encoding="utf-8")
    assert settings_from_json(json.loads(out.read_text(encoding="utf-8"))) == template_2025()
    result = runner.invoke(args=["call-settings", str(call_id), "--load", str(out),
                                 "--reason", "核对"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[-1]) == {"changed": [], "stale": []}
    assert settings_audits(app) == 0


def test_load_stores_audits_and_reports_stale_stages(app, runner, tmp_path):
    """An edited file is stored with its reason; the summary names the stages to re-run."""
    with app.app_context():
        call_id = store_call()
    data = json.loads(settings_json(template_2025()))
    data["tracks"][0]["cap_yuan"] = 450_000
    data["conflict_policy"]["rules"]["C4"] = False
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["call-settings", str(call_id), "--load", str(path),
                                 "--reason", "上限调整"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "changed": ["tracks", "conflict_policy"], "stale": ["eligibility", "conflicts"]}
    settings = stored_settings(app, call_id)
    assert settings.tracks[0].cap_yuan == 450_000
    assert settings.conflict_policy["rules"]["C4"] is False
    assert settings_audits(app) == 1


def test_bad_file_names_each_path_and_stores_nothing(app, runner, tmp_path):
    """Every problem is printed with its JSON path; exit 1; the call keeps its settings."""
    with app.app_context():
        call_id = store_call()
    data = json.loads(settings_json(template_2025()))
    data["rule_params"]["outsourced_max_share"] = 3
    data["rubric"][2]["key"] = "maturity"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(args=["call-settings", str(call_id), "--load", str(path),
                                 "--reason", "调整"])
    assert result.exit_code == 1
    assert "rule_params.outsourced_max_share: 外拨比例上限" in result.stderr
    assert "rubric[2].key:" in result.stderr
    assert stored_settings(app, call_id) == template_2025()
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["call-settings", str(call_id), "--load", str(path),
                                 "--reason", "调整"])
    assert result.exit_code == 1 and "$: 不是有效的 JSON" in result.stderr
    assert settings_audits(app) == 0


def test_load_needs_a_reason_and_one_mode(app, runner, tmp_path):
    """No reason: exit 1 naming it; neither or both of --out/--load: a usage error."""
    with app.app_context():
        call_id = store_call()
    path = tmp_path / "s.json"
    path.write_text(settings_json(dataclasses.replace(template_2025(), reviewers_per_app=3)),
                    encoding="utf-8")
    result = runner.invoke(args=["call-settings", str(call_id), "--load", str(path)])
    assert result.exit_code == 1 and "reason: 请填写修改理由" in result.stderr
    assert runner.invoke(args=["call-settings", str(call_id)]).exit_code == 2
    both = ["call-settings", str(call_id), "--load", str(path), "--out", str(path)]
    assert runner.invoke(args=both).exit_code == 2
    result = runner.invoke(args=["call-settings", "999", "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "no call with id 999" in result.output


def test_import_call_with_settings(app, runner, tmp_path: Path):
    """import-call --settings creates the call with them; a bad file stores no call."""
    workbook = tmp_path / "call.xlsx"
    workbook.write_bytes(export_call_book(book()))
    wanted = dataclasses.replace(template_2025(), reviewers_per_app=3,
                                 directions=("数字经济", "智慧农业"))
    path = tmp_path / "settings.json"
    path.write_text(settings_json(wanted), encoding="utf-8")
    result = runner.invoke(args=["import-call", str(workbook), "--name", "新批次",
                                 "--deadline", "2025-06-30", "--settings", str(path)])
    assert result.exit_code == 0, result.output
    call_id = result.stdout.strip().splitlines()[-1]
    assert call_id.isdigit()
    assert stored_settings(app, int(call_id)) == wanted
    path.write_text(json.dumps({"reviewers_per_app": 0}), encoding="utf-8")
    result = runner.invoke(args=["import-call", str(workbook), "--name", "坏批次",
                                 "--deadline", "2025-06-30", "--settings", str(path)])
    assert result.exit_code == 1 and "reviewers_per_app:" in result.stderr
    assert result.stdout == ""
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Call)) == 1
