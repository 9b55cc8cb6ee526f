"""Tests for aggregation and the ridge calibration, on simulated calls with known truth."""

import numpy as np
import pytest
from scipy.stats import kendalltau, spearmanr

from scoring.aggregate import mean_scores, trimmed_mean_scores
from scoring.calibrate import calibrate
from scoring.simulation import simulate_call
from scoring.table import ReviewTable, build_table


def _taus(sim):
    """Kendall tau with the truth of the mean, trimmed mean and calibrated score."""
    cal = calibrate(sim.table)
    return [
        kendalltau(values, sim.quality)[0]
        for values in (mean_scores(sim.table), trimmed_mean_scores(sim.table), cal.score)
    ]


def test_calibration_beats_the_mean_on_development_calls():
    """Averaged over seeds, calibrated scores rank true quality better than raw means."""
    taus = np.array([_taus(simulate_call(seed)) for seed in range(5)])
    mean_tau, trimmed_tau, calibrated_tau = taus.mean(axis=0)
    assert calibrated_tau > mean_tau + 0.05
    assert mean_tau >= trimmed_tau


def test_calibration_beats_the_mean_on_an_unseen_call():
    """On a call of another shape, never used while building, calibration still wins."""
    taus, rhos = [], []
    for seed in range(900, 903):
        sim = simulate_call(
            seed, n_apps=300, n_experts=90, panel_size=15, sd_bias=10, sd_noise=5
        )
        cal = calibrate(sim.table)
        mean = mean_scores(sim.table)
        taus.append(kendalltau(cal.score, sim.quality)[0] - kendalltau(mean, sim.quality)[0])
        rhos.append(spearmanr(cal.score, sim.quality)[0] - spearmanr(mean, sim.quality)[0])
    assert np.mean(taus) > 0.05
    assert np.mean(rhos) > 0.02


def test_biases_and_variances_are_recovered():
    """Estimated expert biases track the true ones; variance estimates are near the truth."""
    sim = simulate_call(7, sd_bias=8, sd_noise=4, sd_quality=8)
    cal = calibrate(sim.table)
    assert np.corrcoef(cal.expert_bias, sim.bias)[0, 1] > 0.95
    assert cal.sigma_expert == pytest.approx(8, rel=0.35)
    assert cal.sigma_noise == pytest.approx(4, rel=0.25)
    assert np.allclose(cal.fitted + cal.residual, sim.table.score)
    assert cal.connected and len(cal.components) == 1


def test_disconnected_graph_is_calibrated_per_component_and_reported():
    """Two panels with no shared expert form two components, each centred on its own."""
    rows = []
    for app in range(6):
        for expert in ("X1", "X2", "X3"):
            rows.append((f"P{app}", expert, 60 + app + (5 if expert == "X1" else 0)))
        for expert in ("Y1", "Y2", "Y3"):
            rows.append((f"Q{app}", expert, 80 + app - (5 if expert == "Y3" else 0)))
    table = build_table(rows, app_ids=[*(f"P{i}" for i in range(6)), *(f"Q{i}" for i in range(6)),
                                       "UNREVIEWED"])
    cal = calibrate(table)
    assert not cal.connected
    assert [set(c.app_ids) for c in cal.components] == [
        {f"P{i}" for i in range(6)}, {f"Q{i}" for i in range(6)}
    ]
    assert [c.n_reviews for c in cal.components] == [18, 18]
    assert cal.app_component[-1] == -1 and np.isnan(cal.score[-1])
    assert np.all(np.diff(cal.score[:6]) > 0) and np.all(np.diff(cal.score[6:12]) > 0)
    x1 = table.expert_ids.index("X1")
    y3 = table.expert_ids.index("Y3")
    assert cal.expert_bias[x1] > 2 and cal.expert_bias[y3] < -2


def test_trimmed_mean_drops_extremes_only_with_three_or_more():
    """The trimmed mean removes one highest and one lowest review per application."""
    table = build_table([
        ("A", "e1", 10), ("A", "e2", 50), ("A", "e3", 60), ("A", "e4", 90),
        ("B", "e1", 40), ("B", "e2", 60),
    ], app_ids=["A", "B", "C"])
    assert trimmed_mean_scores(table)[:2].tolist() == [55, 50]
    assert mean_scores(table)[:2].tolist() == [52.5, 50]
    assert np.isnan(mean_scores(table)[2])


def test_table_rejects_bad_input():
    """Duplicate pairs, unknown applications and mismatched arrays are refused."""
    with pytest.raises(ValueError):
        build_table([("A", "e", 1), ("A", "e", 2)])
    with pytest.raises(ValueError):
        build_table([("Z", "e", 1)], app_ids=["A"])
    with pytest.raises(ValueError):
        ReviewTable(("A",), ("e",), np.array([0]), np.array([0, 0]), np.array([1.0]))
