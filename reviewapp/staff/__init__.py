"""Staff pages (工作人员): calls and, from other modules, each call's pipeline."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
restrict_blueprint(bp, "staff", "admin")

