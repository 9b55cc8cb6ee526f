"""A workbook typed with every spelling the vocabularies know reads, and rules, as canonical.

The 30-application demo export is rewritten once per round: each typed cell takes another
spelling of its value, cycling through every spelling the field's vocabulary lists, until
each has been used. Every round must parse to exactly the canonical book (the rules read
nothing else); the first round is also imported and checked, verdict by verdict, against
the canonical book on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import openpyxl

from reviewapp.extensions import db
from reviewapp.models import Application, EligibilityResult
from reviewapp.services.call_import import import_call
from reviewapp.services.eligibility import run_eligibility
from reviewapp.vocabulary import (
    DEGREE_WORDS,
    PROVINCE_WORDS,
    SEX_WORDS,
    STAGE_WORDS,
    TITLE_WORDS,
    UNIT_TYPE_WORDS,
    Vocabulary,
)
from reviewapp.workbook.parse import parse_call_book

FIXTURE = Path(__file__).parent / "workbook" / "files" / "demo.xlsx"
# (sheet, header, vocabulary) of every typed cell the rules read through a vocabulary.
FIELDS = (
    ("申报项目", "负责人职称", TITLE_WORDS), ("申报项目", "负责人学位", DEGREE_WORDS),
    ("申报项目", "负责人性别", SEX_WORDS), ("申报项目", "研究阶段", STAGE_WORDS),
    ("单位", "单位性质", UNIT_TYPE_WORDS), ("单位", "所在省份", PROVINCE_WORDS),
)


def spellings_by_value(vocabulary: Vocabulary) -> dict[str, list[str]]:
    """Every spelling the vocabulary lists, grouped by the canonical value it means."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for spelling, value in sorted(vocabulary.spellings.items()):
        grouped[value].append(spelling)
    return grouped


def rewritten(round_no: int) -> tuple[bytes, set[tuple[str, str]]]:
    """The fixture with every typed cell in its round's spelling, and the spellings used.

    The cells holding one value take consecutive spellings of it, so a round uses as many
    spellings as the fixture has cells with that value, and the next round goes on from there.
    """
    book = openpyxl.load_workbook(FIXTURE)
    used = set()
    for sheet, header, vocabulary in FIELDS:
        grouped = spellings_by_value(vocabulary)
        rows = book[sheet]
        column = [cell.value for cell in rows[1]].index(header)
        cells = [row[column] for row in rows.iter_rows(min_row=2)]
        holding = Counter(str(cell.value) for cell in cells)
        seen: Counter[str] = Counter()
        for cell in cells:
            value = str(cell.value)
            choices = grouped.get(value, [])
            if choices:
                cell.value = choices[(round_no * holding[value] + seen[value]) % len(choices)]
                seen[value] += 1
                used.add((vocabulary.key, cell.value))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), used


def rounds_needed() -> int:
    """Rounds after which every spelling of every value in the fixture has been used."""
    return max(-(-len(spellings_by_value(vocabulary)[value]) // count)
               for sheet, header, vocabulary in FIELDS
               for value, count in Counter(fixture_column(sheet, header)).items()
               if value in spellings_by_value(vocabulary))


def test_every_spelling_parses_to_the_canonical_book():
    """Each round's book equals the canonical one, and every listed spelling gets used."""
    canonical = parse_call_book(FIXTURE.read_bytes())
    assert canonical.book is not None
    used: set[tuple[str, str]] = set()
    for round_no in range(rounds_needed()):
        data, spelled = rewritten(round_no)
        parsed = parse_call_book(data)
        assert parsed.book == canonical.book, f"round {round_no}"
        assert not [i for i in parsed.issues if i.is_error]
        used |= spelled
    present = {(v.key, s) for sheet, header, v in FIELDS for value, spellings in
               spellings_by_value(v).items() for s in spellings
               if value in fixture_column(sheet, header)}
    assert present <= used


def fixture_column(sheet: str, header: str) -> list[str]:
    """The canonical values of one column of the fixture, row by row."""
    rows = openpyxl.load_workbook(FIXTURE)[sheet]
    column = [cell.value for cell in rows[1]].index(header)
    return [str(row[column].value) for row in rows.iter_rows(min_row=2)]


def verdicts(call_id: int) -> dict[str, tuple[bool, tuple[str, ...]]]:
    """Per application: eligible, and the rules that failed or flagged it."""
    found: dict[str, list[str]] = defaultdict(list)
    apps = db.session.scalars(db.select(Application).where(Application.call_id == call_id))
    status = {a.id: a for a in apps}
    for result in db.session.scalars(db.select(EligibilityResult).where(
            EligibilityResult.application_id.in_(status))):
        if result.effective_verdict in ("fail", "flag"):
            found[status[result.application_id].app_id].append(
                f"{result.rule_id}:{result.effective_verdict}")
    return {a.app_id: (a.status == "eligible", tuple(sorted(found[a.app_id])))
            for a in status.values()}


def test_a_spelled_book_gets_the_canonical_verdicts(app):
    """Imported and checked, the spelled book gives the canonical book's verdicts."""
    with app.app_context():
        plain = import_call(FIXTURE.read_bytes(), "原样", date(2025, 4, 30))
        spelled = import_call(rewritten(1)[0], "各种写法", date(2025, 4, 30))
        assert plain.ok and spelled.ok
        for call_id in (plain.call_id, spelled.call_id):
            run_eligibility(call_id)
        assert verdicts(spelled.call_id) == verdicts(plain.call_id)
        assert any(not eligible for eligible, _ in verdicts(plain.call_id).values())
