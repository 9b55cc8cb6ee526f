"""The eligibility check (形式审查): pure rules E01–E22 over plain application data."""

from reviewapp.eligibility.engine import (
    HARD,
    RULES,
    RULES_BY_ID,
    SOFT,
    Verdict,
    check_application,
    check_book,
    enabled_rules,
    summarize,
)
from reviewapp.eligibility.facts import ApplicationFacts, Rule, RuleOutcome, build_facts

__all__ = [
    "HARD",
    "RULES",
    "RULES_BY_ID",
    "SOFT",
    "ApplicationFacts",
    "Rule",
    "RuleOutcome",
    "Verdict",
    "build_facts",
    "check_application",
    "check_book",
    "enabled_rules",
    "summarize",
]
