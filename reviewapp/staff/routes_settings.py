"""Staff view: a call's settings (设置) — tracks, rules, rubric, conflict policy, funding."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.eligibility.engine import RULES
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.jinja_filters import url_or_none
from reviewapp.models import Call
from reviewapp.services.call_settings import (
    SettingsChange,
    counted_review_count,
    update_call_settings,
)
from reviewapp.services.call_settings_checks import SettingsError
from reviewapp.staff import bp
from reviewapp.staff.common import CONFLICT_RULE_LABELS as RULE_LABELS
from reviewapp.staff.forms_settings import SettingsForm, form_data, settings_from_form

# The parameter boxes shown beside the rule that reads them.
RULE_PARAMS = {
    "E01": ("cap_yuan",), "E02": ("home_province", "lead_unit_types"),
    "E03": ("partner_unit_types",),
    "E05": ("min_achievements", "max_achievements", "achievement_kinds",
            "achievement_levels"),
    "E06": ("max_units",), "E07": ("self_funding_ratio",), "E08": ("audit_years",),
    "E10": ("outsourced_max_percent",), "E11": ("excluded_stages", "paper_only_outputs"),
    "E16": ("min_pi_months",), "E18": ("blacklist_years",), "E19": ("duration_months",),
}
SECTION_LABELS = {
    "tracks": _l("Tracks"), "directions": _l("Directions"),
    "enabled_rules": _l("Eligibility rules"), "rule_params": _l("Rule parameters"),
    "rubric": _l("Rubric"), "conflict_policy": _l("Conflict policy"),
    "reviewers_per_app": _l("Experts per application"), "funding": _l("Funding rules"),
    "review": _l("Review rules"),
}
# Each stale stage, its label and the page where it is run again.
STAGE_LINKS = {
    "eligibility": (_l("Eligibility"), "staff.eligibility"),
    "conflicts": (_l("Conflicts & affinity"), "staff.conflicts"),
    "assignment": (_l("Assignment"), "staff.assignment"),
    "ranking": (_l("Results & ranking"), "staff.results"),
}


def flash_change(change: SettingsChange) -> None:
    """Say what was saved and link each stage that must run again."""
    if not change.changed:
        flash(_("Nothing was changed."), "info")
        return
    sections = "、".join(str(SECTION_LABELS[key]) for key in change.changed)
    flash(_("Settings saved: %(sections)s.", sections=sections), "success")
    if not change.stale:
        return
    links = []
    for stage in change.stale:
        label, endpoint = STAGE_LINKS[stage]
        href = url_or_none(endpoint, call_id=change.call_id)
        links.append(Markup('<a href="{}">{}</a>').format(href, label) if href
                     else Markup("{}").format(label))
    flash(Markup("{} {}").format(_("Run these stages again:"), Markup("、").join(links)),
          "warning")


def render_settings(call: Call, form: SettingsForm, problems: list[str]) -> str:
    """The settings page with the form as given and the service's refusals on top."""
    return render_template(
        "staff/call_settings.html", call=call, form=form, problems=problems,
        rules=RULES, rule_params=RULE_PARAMS, conflict_labels=RULE_LABELS,
        english=english(), reviews=counted_review_count(call.id), current_stage="settings",
    )


@bp.route("/calls/<int:call_id>/settings", methods=["GET", "POST"], endpoint="call_settings")
@role_required("staff")
def call_settings(call_id: int) -> str | Response | tuple[str, int]:
    """GET: the call's settings as a form; POST: check and store them with a reason."""
    call = db.get_or_404(Call, call_id)
    current = call.call_settings()
    if request.method != "POST":
        return render_settings(call, SettingsForm(data=form_data(current)), [])
    form = SettingsForm()
    if not form.validate():
        return render_settings(call, form, [_("Correct the marked boxes and save again.")]), 400
    try:
        change = update_call_settings(call.id, settings_from_form(form, current),
                                      filled(form.reason.data), current_user,
                                      form.rubric_confirm.data)
    except SettingsError as error:
        problems = [i.message_en if english() else i.message_zh for i in error.issues]
        return render_settings(call, form, problems), 400
    flash_change(change)
    return redirect(url_for("staff.call_settings", call_id=call.id))
