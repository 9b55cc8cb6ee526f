"""Assignment runs of a stored call: database rows → assignment problem → stored pairs.

`run_assignment` is the one function doing the long work (conflicts, affinity, solve,
store), whether called at once (the command line, the page) or by a background job.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from assignment.affinity import Affinity
from assignment.problem import Problem, Result, make_problem
from assignment.solvers import SolveStopped, solve
from assignment.stopping import ShouldStop, Stopped, never
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AssignmentRun,
    Call,
    Expert,
    RunPair,
    Unit,
)
from reviewapp.models.common import utcnow
from reviewapp.progress import N_, NO_PROGRESS, JobCancelled, Progress, Quiet
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.assignment_current import make_current
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import detect_conflicts, forbidden_pairs
from reviewapp.services.eligibility import eligible_application_ids
from reviewapp.services.panel_size import panel_sizes

MODES = {"optimal": "sum", "fair": "fair", "randomized": "randomized"}
# Pairs staff or experts have settled are kept (locked) when the assignment is re-run;
# an invited expert has been told of the pair, so it stays too.
SETTLED = ("invited", "accepted", "done")
REFUSED = ("declined", "recused")
STEPS = 4


class AssignmentError(ValueError):
    """A run that cannot start (unknown call or mode, bad parameters)."""


@dataclass(frozen=True)
class AssignedPair:
    """One row of the assignment export."""

    app_id: str
    expert_id: str
    affinity: float


@dataclass(frozen=True)
class RunRequest:
    """What staff ask of a run: K, the mode, its seed and probability cap, and currency."""

    per_app: int
    mode: str = "optimal"
    seed: int | None = None
    max_prob: float | None = None
    make_current: bool = True

    def check(self) -> None:
        """Refuse a mode, K or probability cap the solvers cannot take."""
        if self.mode not in MODES:
            raise AssignmentError(f"mode must be one of {', '.join(MODES)}")
        if self.per_app < 1:
            raise AssignmentError("the number of experts per application must be at least 1")
        if self.max_prob is not None and not 0 < self.max_prob <= 1:
            raise AssignmentError("the probability cap must lie in (0, 1]")


def _external(expert: Expert, units: dict[int, Unit], home: str) -> bool:
    """Whether the expert is from outside the home region (by the unit, else the expert)."""
    unit = units.get(expert.unit_id) if expert.unit_id is not None else None
    province = unit.province if unit is not None else expert.province
    return bool(province) and home not in province


def online_applications(call: Call) -> list[Application]:
    """Eligible applications that are not classified (涉密 ones are handled offline)."""
    eligible = set(eligible_application_ids(call.id))
    return list(db.session.scalars(
        select(Application).where(Application.id.in_(eligible),
                                  Application.classified.is_(False))
        .order_by(Application.app_id)))


def build_problem(call: Call, per_app: int) -> Problem:
    """The call's assignment problem: eligible applications, conflicts, affinity, panel rules.

    Each application wants its own panel size when staff set one, else `per_app` (K).
    """
    return build_inputs(call, per_app)[0]


def build_inputs(call: Call, per_app: int,
                 should_stop: ShouldStop = never) -> tuple[Problem, Affinity]:
    """The problem and the affinity it was scored with (to explain the chosen pairs);
    `should_stop` is polled between blocks of the affinity (JobCancelled)."""
    policy = call.call_settings().conflict_policy
    apps = online_applications(call)
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call.id)
                                 .order_by(Expert.expert_id)).all()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.call_id == call.id))}
    app_codes = {a.id: a.app_id for a in apps}
    expert_codes = {e.id: e.expert_id for e in experts}
    wanted = set(app_codes.values())
    earlier = db.session.scalars(select(Assignment).where(Assignment.call_id == call.id)).all()
    kept = [(app_codes[a.application_id], expert_codes[a.expert_id]) for a in earlier
            if a.application_id in app_codes and (a.locked or a.status in SETTLED)]
    refused = {(app_codes[a.application_id], expert_codes[a.expert_id]) for a in earlier
               if a.application_id in app_codes and a.status in REFUSED}
    forbidden = {p for p in forbidden_pairs(call.id) if p[0] in wanted} | refused
    # Conflicts are removed before each application's best candidates are taken.
    try:
        affinity = compute_affinity(call.id, excluded=forbidden, should_stop=should_stop)
    except Stopped:
        raise JobCancelled() from None
    rows, cols, values = affinity.pairs()
    scores = [(affinity.app_ids[r], affinity.expert_ids[c], float(v))
              for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
              if affinity.app_ids[r] in wanted]
    home = policy.get("home_province", "新疆")
    problem = make_problem(
        [a.app_id for a in apps], [e.expert_id for e in experts], scores,
        panel_sizes(apps, per_app),
        # An expert without a stated limit may take every application.
        {e.expert_id: e.max_load if e.max_load is not None else len(apps) for e in experts},
        {e.expert_id: e.min_load or 0 for e in experts},
        forbidden=forbidden,
        unavailable=[e.expert_id for e in experts if not e.available],
        locked=kept,
        expert_unit={e.expert_id: str(e.unit_id) for e in experts if e.unit_id is not None},
        expert_external={e.expert_id: _external(e, units, home) for e in experts},
        one_per_unit=bool(policy.get("one_per_unit", True)),
        require_external=bool(policy.get("require_external", True)),
    )
    return problem, affinity


def _store_pairs(call: Call, problem: Problem, result: Result, affinity: Affinity,
                 run: AssignmentRun) -> None:
    """The run's chosen pairs, each with its affinity and the library's explanation."""
    app_rows = dict(db.session.execute(select(Application.app_id, Application.id)
                                       .where(Application.call_id == call.id)).tuples().all())
    expert_rows = dict(db.session.execute(select(Expert.expert_id, Expert.id)
                                          .where(Expert.call_id == call.id)).tuples().all())
    app_pos = {code: i for i, code in enumerate(affinity.app_ids)}
    expert_pos = {code: i for i, code in enumerate(affinity.expert_ids)}
    by_app: dict[str, list[tuple[str, float]]] = {}
    for a, e, score in zip(result.pair_app.tolist(), result.pair_expert.tolist(),
                           result.pair_score.tolist(), strict=True):
        by_app.setdefault(problem.app_ids[a], []).append((problem.expert_ids[e], score))
    for app_code, chosen in by_app.items():
        why = affinity.explain_many(app_pos[app_code], [expert_pos[e] for e, _ in chosen])
        for (expert_code, score), explanation in zip(chosen, why, strict=True):
            db.session.add(RunPair(run_id=run.id, application_id=app_rows[app_code],
                                   expert_id=expert_rows[expert_code], affinity=score,
                                   explanation=asdict(explanation)))


def run_assignment(call_id: int, request: RunRequest, user: Any = None,
                   progress: Progress = NO_PROGRESS, commit: bool = True) -> AssignmentRun:
    """Solve the call's assignment and store the run with its pairs; current if asked.

    The one function doing the long work, called at once by the command line and the page,
    or by a background job with its progress reporter (`progress.step(i, n, msgid)` before
    each stage). Conflicts are re-detected first so the run never uses a stale conflict
    list. An infeasible run is stored too, with the diagnostics staff need, and is never
    made current. Everything after the conflict detection is one commit (with
    `commit=False` only flushed: a refill commits it together with its invitations). A
    cancel seen by the solver (`progress.should_stop`) raises `JobCancelled` before
    anything is stored.
    """
    call = db.session.get(Call, call_id)
    if call is None:
        raise AssignmentError(f"no call with id {call_id}")
    request.check()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    progress.step(1, STEPS, N_("Detecting conflicts"))
    # The detection stops with the job (and then keeps the earlier conflicts).
    detect_conflicts(call_id, user, progress=Quiet(progress))
    lap("conflicts")
    progress.step(2, STEPS, N_("Scoring expertise affinity"))
    problem, affinity = build_inputs(call, request.per_app, progress.should_stop)
    lap("affinity")
    # Panels whose size differs from K, so the stored run shows what was asked of it.
    overrides = {app: int(k) for app, k in zip(problem.app_ids, problem.demand.tolist(),
                                               strict=True) if k != request.per_app}
    progress.step(3, STEPS, N_("Solving the assignment"))
    try:
        # A job's solver polls for a cancel while it works and stops there; a synchronous
        # caller (the command line) cannot cancel, so the fair mode stays in this process.
        result = solve(problem, MODES[request.mode], max_prob=request.max_prob,
                       seed=request.seed, should_stop=(
                           None if progress is NO_PROGRESS else progress.should_stop))
    except SolveStopped:
        raise JobCancelled() from None
    lap("solve")
    progress.step(4, STEPS, N_("Storing the pairs and their reasons"))
    summary = result.summary()
    run = AssignmentRun(
        call_id=call_id, mode=request.mode, seed=result.seed, per_app=request.per_app,
        status=result.status, objective=result.objective, bound=result.bound,
        seconds=result.seconds, created_by=getattr(user, "id", None),
        params={"per_app": request.per_app, "mode": request.mode, "seed": request.seed,
                "max_prob": request.max_prob, "make_current": request.make_current,
                "one_per_unit": problem.one_per_unit,
                "require_external": problem.require_external,
                "applications": problem.n_apps, "experts": problem.n_experts,
                "candidate_pairs": len(problem.pair_app),
                "locked": int(problem.locked.sum()), "per_app_overrides": overrides},
    )
    db.session.add(run)
    db.session.flush()
    if result.status != "infeasible":
        _store_pairs(call, problem, result, affinity, run)
        db.session.flush()
        if request.make_current:
            make_current(run)
    lap("store")
    run.summary = summary | {"timings": timings}
    run.finished_at = utcnow()
    record_audit(user, "assignment.run", "assignment_run", run.id, after=summary,
                 call_id=call_id)
    if not commit:
        db.session.flush()
        return run
    progress.check_cancelled()
    db.session.commit()
    return run


def start_assignment_run(
    call_id: int, per_app: int, mode: str = "optimal", seed: int | None = None, user: Any = None,
    max_prob: float | None = None,
) -> tuple[AssignmentRun, list[AssignedPair], dict[str, Any]]:
    """Run at once and make the run current (the command line's way); pairs for the CSV."""
    run = run_assignment(call_id, RunRequest(per_app, mode, seed, max_prob), user)
    pairs = db.session.execute(
        select(Application.app_id, Expert.expert_id, RunPair.affinity)
        .select_from(RunPair)
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id)
        .where(RunPair.run_id == run.id).order_by(Application.app_id, Expert.expert_id)).all()
    return run, [AssignedPair(*row) for row in pairs], dict(run.summary)
