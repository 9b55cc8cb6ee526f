"""The schema: migrations equal the models, named constraints hold the invariants."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from reviewapp import create_app
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Call,
    CallTrack,
    Conflict,
    EligibilityResult,
    Expert,
    Job,
    User,
)
from tests.helpers.pg import postgresql_schema


@pytest.fixture
def empty_database(database, tmp_path):
    """A URL and engine options of an empty database on the same backend."""
    if database.backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}", {}
        return
    with postgresql_schema(database.url, "mig") as options:
        yield database.url, options


def test_init_db_migrates_empty_database_to_the_models(empty_database):
    """`reviewapp init-db` on an empty database gives exactly the models' schema."""
    url, options = empty_database
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
        "SECRET_KEY": "test", "TESTING": True,
    })
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Database ready" in result.output
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert set(db.metadata.tables) | {"alembic_version"} == tables


def test_every_constraint_is_named():
    """The naming convention names every constraint, so migrations can alter them."""
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"{table.name}: unnamed {constraint!r}"


def add_call(session) -> Call:
    """A committed call with one track."""
    call = Call(name="2025 援疆", deadline=date(2025, 6, 30))
    call.tracks.append(CallTrack(track_id="T1", name="援疆省市科技合作项目", budget_yuan=5_000_000))
    session.add(call)
    session.commit()
    return call


def add_application(session, call: Call, **fields) -> Application:
    """An application of `call` with the required fields filled."""
    values = {"call_id": call.id, "app_id": "A001", "title": "示范", "track": "T1",
              "direction": "数字经济", "lead_unit_id": "U1"}
    application = Application(**{**values, **fields})
    session.add(application)
    return application


def assert_rejected(session, row) -> None:
    """Adding `row` violates a database constraint."""
    session.add(row)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_call_settings_round_trip_through_json(db_session):
    """A call stores the 2025 template as JSON and rebuilds it."""
    call = add_call(db_session)
    db_session.expire_all()
    settings = db_session.get(Call, call.id).call_settings()
    assert settings.track("T1").cap_yuan == 500_000
    assert [i.key for i in settings.rubric][:2] == ["necessity", "maturity"]
    assert db_session.get(Call, call.id).tracks[0].budget_yuan == 5_000_000


def test_money_is_never_negative(db_session):
    """Negative yuan is refused."""
    call = add_call(db_session)
    assert_rejected(db_session, Application(
        call_id=call.id, app_id="A1", title="t", track="T1", direction="d",
        lead_unit_id="U1", requested_yuan=-1,
    ))
    assert_rejected(db_session, CallTrack(call_id=call.id, track_id="T9", name="x",
                                          budget_yuan=-5))


def test_money_holds_more_than_32_bits(db_session):
    """Yuan columns are 64-bit."""
    call = add_call(db_session)
    add_application(db_session, call, requested_yuan=3_000_000_000)
    db_session.commit()
    assert db_session.query(Application).one().requested_yuan == 3_000_000_000


def test_codes_are_checked(db_session):
    """Roles, verdicts, conflict rules and job progress keep to their sets."""
    call = add_call(db_session)
    application = add_application(db_session, call)
    expert = Expert(call_id=call.id, expert_id="E1", name="张三")
    db_session.add(expert)
    db_session.commit()
    assert_rejected(db_session, User(username="x", password_hash="h", role="boss"))
    assert_rejected(db_session, EligibilityResult(
        application_id=application.id, rule_id="E01", verdict="maybe"))
    assert_rejected(db_session, Conflict(
        call_id=call.id, application_id=application.id, expert_id=expert.id,
        rule_id="C9", source="detected"))
    assert_rejected(db_session, Job(kind="assign", progress=1.5))


def test_conflict_pair_unique_per_rule_and_source(db_session):
    """One row per (application, expert, rule, source)."""
    call = add_call(db_session)
    application = add_application(db_session, call)
    expert = Expert(call_id=call.id, expert_id="E1", name="张三")
    db_session.add(expert)
    db_session.commit()
    pair = {"call_id": call.id, "application_id": application.id, "expert_id": expert.id}
    db_session.add(Conflict(**pair, rule_id="C1", source="detected"))
    db_session.add(Conflict(**pair, rule_id="C1", source="staff_removed"))
    db_session.commit()
    assert_rejected(db_session, Conflict(**pair, rule_id="C1", source="detected"))


def test_deleting_a_call_deletes_its_rows(db_session):
    """Foreign keys cascade from a call to its applications and experts."""
    call = add_call(db_session)
    add_application(db_session, call)
    db_session.add(Expert(call_id=call.id, expert_id="E1", name="张三"))
    db_session.commit()
    db_session.delete(call)
    db_session.commit()
    assert db_session.query(Application).count() == 0
    assert db_session.query(Expert).count() == 0
    assert db_session.query(CallTrack).count() == 0


def test_override_wins_over_engine_verdict(db_session):
    """The effective verdict is the staff override when one is set."""
    result = EligibilityResult(rule_id="E01", verdict="fail")
    assert result.effective_verdict == "fail"
    result.override_verdict = "pass"
    assert result.effective_verdict == "pass"
