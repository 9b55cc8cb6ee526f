"""Expertise affinity of (application, expert) pairs: direction, keywords and n-gram TF-IDF."""

from assignment.affinity.model import AffinityApp, AffinityExpert, AffinityWeights, Explanation
from assignment.affinity.score import DEFAULT_TOP_N, Affinity, compute_affinity

__all__ = ["DEFAULT_TOP_N", "Affinity", "AffinityApp", "AffinityExpert", "AffinityWeights",
           "Explanation", "compute_affinity"]
