"""Expert pages (评审专家): their own assignments only."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint

bp = Blueprint("expert", __name__, url_prefix="/expert")
restrict_blueprint(bp, "expert")

