"""A caller's `should_stop` stops the affinity score between blocks of applications."""

from __future__ import annotations

import pytest

from assignment.affinity import AffinityApp, AffinityExpert, compute_affinity
from assignment.affinity import score as affinity_score
from assignment.stopping import Stopped


def test_affinity_stops_between_blocks(monkeypatch):
    """A stop asked after the first block of applications: the second is never scored."""
    apps = [AffinityApp(f"A{i}", "能源", ("储能",), "储能", "新型储能") for i in range(5)]
    experts = [AffinityExpert("E1", ("能源",), ("储能",), "储能研究")]
    blocks: list[slice] = []
    real = affinity_score._Features.components

    def traced(self, rows):
        blocks.append(rows)
        return real(self, rows)

    monkeypatch.setattr(affinity_score._Features, "components", traced)
    with pytest.raises(Stopped):
        compute_affinity(apps, experts, block_size=2, should_stop=lambda: len(blocks) >= 1)
    assert blocks == [slice(0, 2)]
    blocks.clear()
    assert compute_affinity(apps, experts, block_size=2).scores.nnz == 5
    assert len(blocks) == 3
