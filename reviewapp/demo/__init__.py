"""The demo call (`reviewapp demo`): a realistic call book and accounts for each role."""

from reviewapp.demo.applications import DEMO_DEADLINE
from reviewapp.demo.generator import build_demo, demo_accounts, generate_demo_book

__all__ = ["DEMO_DEADLINE", "build_demo", "demo_accounts", "generate_demo_book"]
