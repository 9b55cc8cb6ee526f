"""Expert pages (评审专家): their own assignments only."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint
from reviewapp.blueprints import import_routes

bp = Blueprint("expert", __name__, url_prefix="/expert")
restrict_blueprint(bp, "expert")

# Every routes*.py module in this package registers its views on bp.
import_routes(__name__, __path__)
