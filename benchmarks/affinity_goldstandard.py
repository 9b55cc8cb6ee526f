"""How often the affinity model orders paper pairs against real experts' self-rated expertise.

Data: ../shared/benchmarks/realdata/goldstandard_stelmakh2023 (Stelmakh et al. 2023): 58
researchers each rated their expertise (1–5) for up to 10 papers. The folder holds no
paper texts and no reviewer profiles, only Semantic Scholar research-area labels per paper
("Computer Science", "Mathematics", …). So what is measured here is the model run on those
labels alone, leave-one-out:
- application = one rated paper, its keywords and text = its area labels;
- expert profile = the area labels of the participant's *other* rated papers, either all of
  them ("all") or only those they rated 4 or higher ("expert", their revealed expertise).
Loss = share of a participant's paper pairs with different ratings that the score orders
the other way (a tie counts one half), pooled over all participants, as in the paper.
Run by hand: `.venv/bin/python benchmarks/affinity_goldstandard.py [--data DIR]`.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from assignment.affinity import AffinityApp, AffinityExpert, AffinityWeights, compute_affinity

REALDATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/realdata"
DEFAULT_DATA = REALDATA / "goldstandard_stelmakh2023"
WEIGHTS = AffinityWeights(direction=0.0, keywords=0.5, text=0.5)  # no directions in this data


def load(folder: Path) -> tuple[list[list[tuple[str, float]]], dict[str, list[str]]]:
    """Per participant the (paper id, expertise) list, and the area labels per paper."""
    areas = json.loads((folder / "research_areas.json").read_text(encoding="utf-8"))
    participants = []
    with (folder / "evaluations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rated = [(row[f"Paper{i}"], float(row[f"Expertise{i}"])) for i in range(1, 11)
                     if row.get(f"Paper{i}") and row.get(f"Expertise{i}")]
            participants.append(rated)
    return participants, areas


def pair_loss(scores: np.ndarray, ratings: np.ndarray) -> tuple[float, int, int]:
    """(mis-ordered pairs, ties among them counted half; pairs with different ratings; ties)."""
    i, j = np.triu_indices(len(scores), k=1)
    differ = ratings[i] != ratings[j]
    i, j = i[differ], j[differ]
    agree = np.sign(scores[i] - scores[j]) * np.sign(ratings[i] - ratings[j])
    ties = int(np.count_nonzero(agree == 0))
    return float(np.count_nonzero(agree < 0) + 0.5 * ties), len(i), ties


def evaluate(participants: list, areas: dict, profile: str) -> dict[str, float]:
    """Pooled loss of the model with leave-one-out profiles of the given kind."""
    wrong = total = ties = 0.0
    for rated in participants:
        scores = []
        for held, _ in rated:
            others = [(p, r) for p, r in rated if p != held and (profile == "all" or r >= 4)]
            labels = [label for p, _ in others for label in areas.get(p, [])]
            app_labels = areas.get(held, [])
            affinity = compute_affinity(
                [AffinityApp(held, keywords=tuple(app_labels), title="; ".join(app_labels))],
                [AffinityExpert("me", keywords=tuple(dict.fromkeys(labels)),
                                profile="; ".join(labels))],
                weights=WEIGHTS, top_n=None)
            scores.append(affinity.dense()[0, 0])
        w, n, t = pair_loss(np.array(scores), np.array([r for _, r in rated]))
        wrong, total, ties = wrong + w, total + n, ties + t
    untied = total - ties
    return {"loss": round(wrong / total, 4), "pairs": int(total),
            "tied_share": round(ties / total, 4),
            "loss_on_untied_pairs": round((wrong - 0.5 * ties) / untied, 4) if untied else None}


def main() -> None:
    """Print one JSON line with the loss of each profile kind and of a constant score."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    participants, areas = load(args.data)
    print(json.dumps({
        "participants": len(participants),
        "ratings": sum(len(r) for r in participants),
        "profile_all_other_papers": evaluate(participants, areas, "all"),
        "profile_papers_rated_4_plus": evaluate(participants, areas, "expert"),
        "constant_score_loss": 0.5,
    }))


if __name__ == "__main__":
    main()
