"""Staff pages (工作人员): calls and, from other modules, each call's pipeline."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint
from reviewapp.blueprints import import_routes

bp = Blueprint("staff", __name__, url_prefix="/staff")
restrict_blueprint(bp, "staff", "admin")

# Every routes*.py module in this package registers its views on bp.
import_routes(__name__, __path__)
