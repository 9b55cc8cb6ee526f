"""Affinity scores: bounded, explained, monotone in the direction match, top-N exact."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.affinity import AffinityApp, AffinityExpert, AffinityWeights, compute_affinity
from assignment.affinity.text import tokens

DIRS = ["油气生产加工", "棉花和纺织服装", "智慧农业", "数字经济"]
WORDS = ["催化裂化", "页岩油", "棉花采摘", "纺织", "滴灌", "遥感", "区块链", "Machine Learning",
         "大数据", "炼油"]
text_parts = st.lists(st.sampled_from(WORDS + ["技术", "示范", "研究", "，", " ", "新疆"]),
                      max_size=12).map("".join)
apps_st = st.lists(st.builds(
    AffinityApp, st.uuids().map(str), st.sampled_from(DIRS + [""]),
    st.lists(st.sampled_from(WORDS), max_size=3).map(tuple), text_parts, text_parts),
    min_size=1, max_size=6)
experts_st = st.lists(st.builds(
    AffinityExpert, st.uuids().map(str), st.lists(st.sampled_from(DIRS), max_size=2).map(tuple),
    st.lists(st.sampled_from(WORDS), max_size=4).map(tuple), text_parts),
    min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(apps_st, experts_st)
def test_scores_are_bounded_and_match_their_explanations(apps, experts):
    """Every score lies in [0, 1] and equals the weighted sum its explanation shows."""
    affinity = compute_affinity(apps, experts, top_n=None)
    dense = affinity.dense()
    assert dense.min() >= 0 and dense.max() <= 1 + 1e-6
    for i in range(len(apps)):
        for j in range(len(experts)):
            why = affinity.explain(i, j)
            assert why.score == pytest.approx(float(dense[i, j]), abs=1e-5)
            assert (why.matched_direction is not None) == (why.direction == 1.0)
            assert 0 <= why.keywords <= 1 and 0 <= why.text <= 1 + 1e-6
            if why.shared_keywords:
                assert why.keywords > 0


@settings(max_examples=30, deadline=None)
@given(apps_st, experts_st, st.integers(1, 4))
def test_top_n_keeps_each_applications_best(apps, experts, top_n):
    """The sparse path keeps, per application, scores no lower than any it dropped."""
    full = compute_affinity(apps, experts, top_n=None).dense()
    kept = compute_affinity(apps, experts, top_n=top_n, block_size=2).dense()
    for row_full, row_kept in zip(full, kept, strict=True):
        assert np.count_nonzero(row_kept) <= top_n
        kept_mask = row_kept > 0
        assert np.allclose(row_kept[kept_mask], row_full[kept_mask])
        if (~kept_mask).any() and kept_mask.any():
            assert row_full[~kept_mask].max() <= row_kept[kept_mask].min() + 1e-6


@settings(max_examples=30, deadline=None)
@given(apps_st, experts_st)
def test_sharing_the_direction_never_lowers_a_score(apps, experts):
    """Adding the application's direction to an expert's fields cannot lower the score."""
    app = apps[0]
    if not app.direction:
        app = replace(app, direction=DIRS[0])
    before = compute_affinity([app], experts, top_n=None).dense()[0]
    widened = [replace(e, directions=(*e.directions, app.direction)) for e in experts]
    after = compute_affinity([app], widened, top_n=None).dense()[0]
    assert np.all(after >= before - 1e-6)
    assert np.all(after >= 0.4 - 1e-6)


def test_explanation_names_direction_keywords_and_terms():
    """The explanation says which direction and which keywords matched."""
    apps = [AffinityApp("A1", "油气生产加工", ("催化裂化", "页岩油"), "页岩油催化裂化技术示范",
                        "引进催化裂化新工艺，在克拉玛依建设示范线。")]
    experts = [AffinityExpert("E1", ("油气生产加工",), ("催化裂化", "炼油"),
                              "从事催化裂化与炼油研究"),
               AffinityExpert("E2", ("智慧农业",), ("滴灌",), "从事滴灌与节水农业研究")]
    affinity = compute_affinity(apps, experts)
    why = affinity.explain(0, 0)
    assert why.matched_direction == "油气生产加工"
    assert why.shared_keywords == ("催化裂化",)
    assert why.expert_keywords_in_application == ("催化裂化",)
    assert "催化" in why.shared_terms
    assert "方向匹配：油气生产加工" in why.summary()
    assert affinity.dense()[0, 0] > affinity.dense()[0, 1]
    assert affinity.explain(0, 1).matched_direction is None


def test_keyword_mentioned_in_profile_counts_without_listing():
    """An application keyword that appears in the expert's profile text counts as found."""
    apps = [AffinityApp("A1", keywords=("区块链",))]
    experts = [AffinityExpert("E1", keywords=("数字金融",), profile="主要研究区块链"),
               AffinityExpert("E2")]
    affinity = compute_affinity(apps, experts, weights=AffinityWeights(0, 1, 0), top_n=None)
    assert affinity.dense()[0].tolist() == pytest.approx([0.5, 0.0])
    assert affinity.explain(0, 0).application_keywords_in_profile == ("区块链",)


def test_full_width_and_case_do_not_matter():
    """ＭＡＣＨＩＮＥ learning and machine Learning are one keyword."""
    apps = [AffinityApp("A1", keywords=("ＭＡＣＨＩＮＥ learning",))]
    experts = [AffinityExpert("E1", keywords=("machine  Learning",))]
    assert compute_affinity(apps, experts).explain(0, 0).shared_keywords == ("machine learning",)


def test_chinese_needs_no_segmentation():
    """CJK runs become 2- and 3-grams; Latin text becomes words."""
    assert tokens("棉花采摘") == ["棉花", "花采", "采摘", "棉花采", "花采摘"]
    assert tokens("Deep learning, 煤") == ["deep", "learning", "煤"]


def test_weights_are_checked_and_empty_inputs_work():
    """Negative or all-zero weights are refused; no experts give an empty matrix."""
    with pytest.raises(ValueError):
        AffinityWeights(direction=-1)
    with pytest.raises(ValueError):
        AffinityWeights(0, 0, 0)
    affinity = compute_affinity([AffinityApp("A1")], [])
    assert affinity.scores.shape == (1, 0)


def test_top_n_is_taken_after_excluded_pairs():
    """An application whose best experts are all excluded still keeps top_n others.

    Taking the top-N first and dropping conflicts afterwards (the old order) would leave
    this application with no candidate at all.
    """
    app = AffinityApp("A1", "智慧农业", ("滴灌", "遥感"), "滴灌遥感示范", "滴灌 遥感")
    experts = [AffinityExpert(f"E{i}", ("智慧农业",), ("滴灌", "遥感"), "滴灌 遥感")
               for i in range(3)] + [AffinityExpert("E9", ("数字经济",), ("遥感",), "遥感")]
    excluded = [("A1", "E0"), ("A1", "E1"), ("A1", "E2")]
    affinity = compute_affinity([app], experts, top_n=3, excluded=excluded)
    row = affinity.dense()[0]
    assert row[3] > 0  # E9, the best expert left, is a candidate
    assert (row[:3] > 0).all()  # the excluded pairs stay, so a diagnosis can count them
    plain = compute_affinity([app], experts, top_n=3).dense()[0]
    assert plain[3] == 0


def test_explain_many_matches_explain():
    """Explaining several experts of an application at once gives each pair's explanation."""
    app = AffinityApp("A1", "智慧农业", ("滴灌",), "滴灌示范", "滴灌技术")
    experts = [AffinityExpert("E1", ("智慧农业",), ("滴灌",), "滴灌专家"),
               AffinityExpert("E2", ("数字经济",), ("区块链",), "区块链")]
    affinity = compute_affinity([app], experts, top_n=None)
    assert affinity.explain_many(0, [1, 0]) == [affinity.explain(0, 1), affinity.explain(0, 0)]
