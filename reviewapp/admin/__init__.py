"""Admin pages: user accounts."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
restrict_blueprint(bp, "admin")

