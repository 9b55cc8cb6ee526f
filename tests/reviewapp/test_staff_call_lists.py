"""The applications, units and experts tables: filters, search, sort, pages, export."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.helpers.staff_call_data import store_small_call


@pytest.fixture
def staff_call(app, auth):
    """A small stored call with eligibility results, and a logged-in staff user."""
    with app.app_context():
        call_id = store_small_call(with_eligibility=True)
    auth.login_as("staff")
    return call_id


def shown_ids(client, url, prefix):
    """The ids (A001, E2, U3 …) in the first column of the table at `url`, in order."""
    html = client.get(url).get_data(as_text=True)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>", body, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in rows
            if re.sub(r"<[^>]+>", "", cell).strip().startswith(prefix)]


def exported(client, url):
    """The header and data rows of the .xlsx the page exports."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


def test_applications_default_page_and_pagination(client, staff_call):
    """20 rows per page sorted by id; page 2 holds the rest."""
    base = f"/staff/calls/{staff_call}/applications"
    assert shown_ids(client, base, "A") == [f"A{n:03d}" for n in range(1, 21)]
    assert shown_ids(client, base + "?page=2", "A") == [f"A{n:03d}" for n in range(21, 26)]


def test_applications_filters_and_search(client, staff_call):
    """Track, direction, unit type, amount range, verdict and search narrow the rows."""
    base = f"/staff/calls/{staff_call}/applications"
    assert shown_ids(client, base + "?track=T2&per=50", "A") == \
        [f"A{n:03d}" for n in range(16, 26)]
    assert shown_ids(client, base + "?direction=数字经济&unit_type=企业", "A") == \
        ["A003", "A009", "A015", "A021"]
    # requested = n × 2 万 + 0.505 万: 10 … 20 万元 covers n = 5 … 9.
    assert shown_ids(client, base + "?requested_min=10&requested_max=20", "A") == \
        ["A005", "A006", "A007", "A008", "A009"]
    assert shown_ids(client, base + "?verdict=ineligible", "A") == ["A001"]
    assert shown_ids(client, base + "?verdict=flagged", "A") == ["A002"]
    assert shown_ids(client, base + "?q=负责人12", "A") == ["A012"]
    assert shown_ids(client, base + "?q=新疆某研究所&per=50", "A") == \
        [f"A{n:03d}" for n in range(2, 26, 2)]


def test_applications_sort_both_ways(client, staff_call):
    """Sorting by requested amount descending puts the largest first."""
    base = f"/staff/calls/{staff_call}/applications"
    assert shown_ids(client, base + "?sort=requested_yuan&dir=desc", "A")[:3] == \
        ["A025", "A024", "A023"]
    assert shown_ids(client, base + "?sort=requested_yuan&dir=asc", "A")[:2] == \
        ["A001", "A002"]


def test_applications_export_is_exactly_the_filtered_rows(client, staff_call):
    """The export holds every filtered row (all pages) in the shown order and columns."""
    base = f"/staff/calls/{staff_call}/applications"
    header, rows = exported(client, base + "?track=T1&sort=requested_yuan&dir=desc&export=xlsx")
    assert len(header) == 9  # eight columns plus the eligibility verdict
    assert [r[0] for r in rows] == [f"A{n:03d}" for n in range(15, 0, -1)]
    assert rows[0][7] == pytest.approx(30.51)  # 15 × 2 万 + 0.505 万, half up
    _, all_rows = exported(client, base + "?export=xlsx")
    assert len(all_rows) == 25


def test_verdict_filter_only_once_checked(app, client, auth):
    """Without eligibility results there is no verdict column or filter."""
    from tests.helpers.staff_call_data import store_small_call as store

    with app.app_context():
        call_id = store()
    auth.login_as("staff")
    html = client.get(f"/staff/calls/{call_id}/applications").get_data(as_text=True)
    assert 'name="verdict"' not in html and 'name="direction"' in html


def test_application_detail_groups_fields(client, staff_call):
    """The detail page shows units by role, money in 万元 and the eligibility verdicts."""
    html = client.get(f"/staff/calls/{staff_call}/applications/A001").get_data(as_text=True)
    assert "新疆某企业" in html and "北京某大学" in html
    assert "2.51" in html  # 20 000 + 5 050 yuan
    assert 'id="eligibility"' in html and "E01" in html
    assert 'id="assignments"' not in html and 'id="conflicts"' not in html


def test_application_detail_shows_conflicts_and_assignments(app, client, staff_call):
    """Sections for conflicts and assignments appear once such rows exist."""
    from reviewapp.extensions import db
    from reviewapp.models import Application, Assignment, Conflict, Expert

    with app.app_context():
        application = db.session.query(Application).filter_by(app_id="A003").one()
        experts = {e.expert_id: e for e in db.session.query(Expert)}
        db.session.add(Conflict(call_id=staff_call, application_id=application.id,
                                expert_id=experts["E1"].id, rule_id="C1", source="detected",
                                evidence="工作单位 U1"))
        db.session.add(Assignment(call_id=staff_call, application_id=application.id,
                                  expert_id=experts["E3"].id))
        db.session.commit()
    html = client.get(f"/staff/calls/{staff_call}/applications/A003").get_data(as_text=True)
    assert 'id="conflicts"' in html and "工作单位 U1" in html
    assert 'id="assignments"' in html and "专家3" in html


def test_units_filters_and_export(client, staff_call):
    """Units filter by type and location; the export matches the page."""
    base = f"/staff/calls/{staff_call}/units"
    assert shown_ids(client, base, "U") == ["U1", "U2", "U3"]
    assert shown_ids(client, base + "?where=outside", "U") == ["U2"]
    assert shown_ids(client, base + "?unit_type=科研院所", "U") == ["U3"]
    _, rows = exported(client, base + "?where=home&export=xlsx")
    assert [r[0] for r in rows] == ["U1", "U3"]
    assert rows[0][7] == 13  # U1 leads the 13 odd-numbered applications


def test_experts_filters_sort_and_export(client, staff_call):
    """Experts filter by direction (inside a list), province, title, availability."""
    base = f"/staff/calls/{staff_call}/experts"
    assert shown_ids(client, base + "?direction=智慧农业", "E") == ["E2", "E4"]
    assert shown_ids(client, base + "?province=上海", "E") == ["E3"]
    assert shown_ids(client, base + "?title=副高级&available=yes", "E") == ["E3"]
    assert shown_ids(client, base + "?where=home&sort=name&dir=desc", "E") == ["E4", "E1"]
    _, rows = exported(client, base + "?direction=数字经济&export=xlsx")
    assert [r[0] for r in rows] == ["E1", "E2"]
    assert rows[1][5] == "数字经济；智慧农业"
    assert rows[0][7] in ("Yes", "是")
