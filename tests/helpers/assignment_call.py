"""The assignment pages' call: 24 generated applications and 50 experts, one classified."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Application
from reviewapp.services.call_import import create_call, store_call_book

K = 3


@pytest.fixture
def call_id(app) -> int:
    """A generated call of 24 applications and 50 experts, one application classified."""
    with app.app_context():
        call = create_call("分配页面", date(2025, 3, 31), template_2025())
        store_call_book(call, generate_demo_book(seed=5, n_applications=24, n_experts=50))
        first = db.session.scalars(select(Application).order_by(Application.app_id)).first()
        first.classified = True
        db.session.commit()
        return call.id
