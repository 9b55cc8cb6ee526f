"""The call settings form (设置): boxes per section, money in 万元, lists separated by ；.

The form only reads what was typed (numbers, lists, amounts); the settings service says
whether the values make sense together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import Field
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TextArea, TextInput

from reviewapp.call_settings_model import (
    CONFLICT_RULE_IDS,
    ELIGIBILITY_RULE_IDS,
    PRIORITY_FLAGS,
    STAGES,
    UNIT_TYPES,
    CallSettings,
    Indicator,
    Track,
)
from reviewapp.form_values import SelectChoice, SubForm, filled
from reviewapp.money import YUAN_PER_WAN, wan_text, wan_to_yuan
from reviewapp.vocabulary.achievements import (
    INVENTION_AWARD,
    NATIONAL,
    OTHER,
    PATENT,
    PREFECTURE,
    PROGRESS_AWARD,
    PROVINCIAL,
)
from reviewapp.workbook.cells import CellError, read_money_yuan

# The guide's priorities under equal conditions (同等条件下优先), as the flags form names them.
PRIORITY_LABELS = {
    "partner_supported": _l("Supported by an aid province or its front command"),
    "strong_team": _l("Team with good integrity, management and capacity"),
    "chain_leader": _l("Led by a chain-leader or backbone enterprise"),
    "commissioner": _l("Carried out by S&T commissioners"),
    "industrial_prospects": _l("Good industrialisation prospects"),
}
LIST_SPLIT = re.compile(r"[;；、,，\n]")
BLANK_ROWS = 2  # empty quota rows offered for new quotas; one for a new indicator
REQUIRED = InputRequired(message=_l("Required."))


def number(value: Decimal | None) -> int | float | None:
    """A typed decimal as the JSON number the settings store (whole numbers stay int)."""
    if value is None:
        return None
    if not value.is_finite():  # "Infinity" typed: the service refuses it by name
        return float(value)
    return int(value) if value == value.to_integral_value() else float(value)


def options(values: tuple[str, ...]) -> list[SelectChoice]:
    """Choices whose labels are their values (rule ids, stages, unit types)."""
    return [SelectChoice(value, value) for value in values]


def shown(value: Decimal | float | int | str) -> Decimal:
    """A stored number as the decimal a box shows, without trailing zeros: 0.3 × 100 → 30."""
    return Decimal(format(Decimal(str(value)).normalize(), "f"))


class WanField(Field):
    """An amount typed in 万元 (50, 48.5, 50万), held as integer yuan."""

    widget = TextInput()
    data: int | None

    def _value(self) -> str:
        """What the box shows: the typed text, else the stored amount in 万元."""
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else wan_text(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the typed 万元 as yuan; blank is None."""
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if text:
            try:
                self.data = read_money_yuan(text)
            except CellError as error:
                raise ValueError(_("Enter an amount in 10k yuan, e.g. 50")) from error


def typed_items(valuelist: list[Any]) -> list[str]:
    """The stripped, non-empty items of a typed list."""
    text = str(valuelist[0]) if valuelist else ""
    return [item.strip() for item in LIST_SPLIT.split(text) if item.strip()]


class ItemsBox(Field):
    """A text area of items separated by ；, 、 or new lines."""

    # TextArea reads only the field's id, name and _value(); its stubs ask for a StringField.
    widget = TextArea()  # type: ignore[assignment]

    def _value(self) -> str:
        """The typed text, else the items joined by ；."""
        if self.raw_data:
            return str(self.raw_data[0])
        return "；".join(str(item) for item in self.data or ())


class ListField(ItemsBox):
    """Items separated by ；, 、 or new lines, held as a list of texts."""

    data: list[str] | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Split the typed text into stripped, non-empty items."""
        self.data = typed_items(valuelist)


class YearsField(ItemsBox):
    """Years separated by ；, held as a list of whole numbers."""

    data: list[int] | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Split the typed text into years; anything but digits is an error."""
        items = typed_items(valuelist)
        if not all(item.isdigit() for item in items):
            self.data = None
            raise ValueError(_("Enter years such as 2023；2024"))
        self.data = [int(item) for item in items]


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes; the ticked values are `data`."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TrackForm(SubForm):
    """One track's name, cap and partner requirement."""

    track_id = HiddenField()
    name = StringField(_l("Name"), [REQUIRED, Length(max=200)])
    cap_yuan = WanField(_l("Cap per project (10k yuan)"), [REQUIRED])
    partner_provinces = ListField(_l("Partner provinces"))
    partner_universities = ListField(_l("Partner universities"))


class IndicatorForm(SubForm):
    """One rubric indicator; a row left blank is dropped."""

    key = StringField(_l("Key"), [Length(max=40)])
    name = StringField(_l("Indicator"), [Length(max=200)])
    points = DecimalField(_l("Points"), [Optional()], places=None)
    priority = IntegerField(_l("Tie-break priority"), [Optional()])


class QuotaForm(SubForm):
    """One funding quota; a row without a value is dropped."""

    track = StringField(_l("Track"), [Length(max=20)])
    group = SelectField(_l("Group"), default="direction", choices=[
        SelectChoice("direction", _l("Direction")),
        SelectChoice("partner_province", _l("Partner province"))])
    value = StringField(_l("Value"), [Length(max=200)])
    min_count = IntegerField(_l("At least (projects)"), [Optional()])
    max_count = IntegerField(_l("At most (projects)"), [Optional()])
    max_wan = WanField(_l("At most (10k yuan)"))


class PrioritiesForm(SubForm):
    """Each priority flag's place among the tie-breakers: 1 first; empty: not used."""

    partner_supported = IntegerField(PRIORITY_LABELS["partner_supported"], [Optional()])
    strong_team = IntegerField(PRIORITY_LABELS["strong_team"], [Optional()])
    chain_leader = IntegerField(PRIORITY_LABELS["chain_leader"], [Optional()])
    commissioner = IntegerField(PRIORITY_LABELS["commissioner"], [Optional()])
    industrial_prospects = IntegerField(PRIORITY_LABELS["industrial_prospects"], [Optional()])

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Places are 1 to the number of flags, each used once."""
        valid = super().validate(extra_validators)
        top = len(PRIORITY_FLAGS)
        seen: dict[int, str] = {}
        for name in PRIORITY_FLAGS:
            field, place = self[name], self[name].data
            if place is None:
                continue
            if not 1 <= place <= top:
                field.errors = [*field.errors, _("Give a place from 1 to %(top)d, or leave it "
                                                 "empty.", top=top)]
                valid = False
            elif place in seen:
                field.errors = [*field.errors, _("Place %(place)d is already given to “%(other)s”.",
                                                 place=place,
                                                 other=PRIORITY_LABELS[seen[place]])]
                valid = False
            else:
                seen[place] = name
        return valid

    def order(self) -> list[str]:
        """The flags with a place, in the order of their places."""
        placed = [(self[name].data, n, name) for n, name in enumerate(PRIORITY_FLAGS)
                  if self[name].data is not None]
        return [name for _place, _n, name in sorted(placed)]


def _required_int(label: Any) -> IntegerField:
    """A whole-number box that must be filled."""
    return IntegerField(label, [REQUIRED])


class SettingsForm(FlaskForm):
    """Every setting of a call the page edits, and the reason for the change."""

    tracks = FieldList(FormField(TrackForm))
    directions = ListField(_l("Directions"), [REQUIRED])
    enabled_rules = CheckboxesField(_l("Rules switched on"),
                                    choices=options(ELIGIBILITY_RULE_IDS))
    cap_yuan = WanField(_l("Cap for a track the call does not list (10k yuan)"), [REQUIRED])
    self_funding_ratio = DecimalField(_l("Self-funding at least (× requested)"), [REQUIRED],
                                      places=None)
    audit_years = YearsField(_l("Audit report years"))
    max_units = _required_int(_l("Joint units at most"))
    min_achievements = _required_int(_l("Achievements at least"))
    max_achievements = _required_int(_l("Achievements at most"))
    achievement_kinds = CheckboxesField(_l("Achievement kinds accepted"), choices=[
        SelectChoice(PATENT, _l("Patent (any sort)")),
        SelectChoice(PROGRESS_AWARD, _l("S&T progress award")),
        SelectChoice(INVENTION_AWARD, _l("Technical invention award")),
        SelectChoice(OTHER, _l("Other S&T achievement (software copyright, plant variety, …)"))])
    achievement_levels = CheckboxesField(_l("Award levels that pass"), choices=[
        SelectChoice(NATIONAL, _l("National")),
        SelectChoice(PROVINCIAL, _l("Provincial or ministerial")),
        SelectChoice(PREFECTURE, _l("Prefecture or lower"))])
    outsourced_max_percent = DecimalField(_l("Passed out at most (%)"), [REQUIRED], places=None)
    excluded_stages = CheckboxesField(_l("Research stages not supported"),
                                      choices=options(STAGES))
    paper_only_outputs = ListField(_l("Outputs that count as papers only"))
    min_pi_months = DecimalField(_l("PI months a year at least"), [REQUIRED], places=None)
    blacklist_years = _required_int(_l("Credit blacklist look-back (years)"))
    duration_months = _required_int(_l("Usual duration (months)"))
    home_province = StringField(_l("Home province"), [REQUIRED])
    lead_unit_types = CheckboxesField(_l("Lead unit types"), choices=options(UNIT_TYPES))
    partner_unit_types = CheckboxesField(_l("Partner unit types"),
                                         choices=options(UNIT_TYPES))
    rubric = FieldList(FormField(IndicatorForm))
    rubric_confirm = BooleanField(_l("Change points or priorities although reviews are submitted"))
    conflict_rules = CheckboxesField(_l("Conflict rules switched on"),
                                     choices=options(CONFLICT_RULE_IDS))
    past_employment_years = _required_int(_l("Past employment window (years)"))
    collaboration_years = _required_int(_l("Collaboration window (years)"))
    one_per_unit = BooleanField(_l("At most one expert from the same unit per application"))
    require_external = BooleanField(_l("At least one expert from outside the home province"))
    conflict_home_province = StringField(_l("Home province of the experts"), [REQUIRED])
    reviewers_per_app = _required_int(_l("Experts per application"))
    max_cut_percent = _required_int(_l("Cut at most (%)"))
    lottery = BooleanField(_l("Draw lots among equal scores at the funding line"))
    lottery_seed = IntegerField(_l("Lottery seed"), [Optional()])
    quotas = FieldList(FormField(QuotaForm))
    priorities = FormField(PrioritiesForm)
    show_expert_identities = BooleanField(
        _l("The committee sees which expert wrote each review (otherwise Expert 1, Expert 2, …)"))
    reason = TextAreaField(_l("Reason for the change"), [REQUIRED, Length(max=1000)])


def form_data(settings: CallSettings) -> dict[str, Any]:
    """The form's starting values from the stored settings."""
    params, policy, funding = settings.rule_params, settings.conflict_policy, settings.funding
    quota_rows = [{**q, "track": q.get("track") or "",
                   "max_wan": None if q.get("max_wan") is None
                   else wan_to_yuan(Decimal(str(q["max_wan"])))}
                  for q in funding.get("quotas") or []]
    return {
        "tracks": [{"track_id": t.track_id, "name": t.name, "cap_yuan": t.cap_yuan,
                    "partner_provinces": list(t.partner_provinces),
                    "partner_universities": list(t.partner_universities)}
                   for t in settings.tracks],
        "directions": list(settings.directions),
        "enabled_rules": list(settings.enabled_rules),
        **{key: params.get(key) for key in (
            "cap_yuan", "audit_years", "max_units", "min_achievements", "max_achievements",
            "achievement_kinds", "achievement_levels", "excluded_stages", "paper_only_outputs",
            "blacklist_years",
            "duration_months", "home_province", "lead_unit_types", "partner_unit_types")},
        "self_funding_ratio": shown(params["self_funding_ratio"]),
        "outsourced_max_percent": shown(Decimal(str(params["outsourced_max_share"])) * 100),
        "min_pi_months": shown(params["min_pi_months"]),
        "rubric": [{"key": i.key, "name": i.name, "points": shown(i.points),
                    "priority": i.priority} for i in settings.rubric] + [{}],
        "conflict_rules": [r for r, on in policy.get("rules", {}).items() if on],
        "past_employment_years": policy.get("past_employment_years"),
        "collaboration_years": policy.get("collaboration_years"),
        "one_per_unit": policy.get("one_per_unit"),
        "require_external": policy.get("require_external"),
        "conflict_home_province": policy.get("home_province"),
        "reviewers_per_app": settings.reviewers_per_app,
        "max_cut_percent": funding.get("max_cut_percent") or 0,
        "lottery": bool(funding.get("lottery")),
        "lottery_seed": funding.get("lottery_seed"),
        "quotas": quota_rows + [{}] * BLANK_ROWS,
        "priorities": {name: place for place, name in enumerate(
            funding.get("priorities", PRIORITY_FLAGS) or (), start=1)},
        "show_expert_identities": bool(funding.get("show_expert_identities")),
    }


def _tracks(form: SettingsForm, current: CallSettings) -> tuple[Track, ...]:
    """Tracks as typed; English names and budgets are kept from the stored track."""
    known = {t.track_id: t for t in current.tracks}
    tracks = []
    for entry in form.tracks:
        row = entry.form
        track_id = row.track_id.data or ""
        old = known.get(track_id)
        tracks.append(Track(
            track_id=track_id, name=(row.name.data or "").strip(),
            name_en=old.name_en if old else "",
            partner_provinces=tuple(row.partner_provinces.data or ()),
            partner_universities=tuple(row.partner_universities.data or ()),
            cap_yuan=filled(row.cap_yuan.data), budget_yuan=old.budget_yuan if old else None))
    return tuple(tracks)


def _rubric(form: SettingsForm, current: CallSettings) -> tuple[Indicator, ...]:
    """Indicators as typed, blank rows dropped; English names kept by key."""
    old = {i.key: i for i in current.rubric}
    blank = Indicator("", "", "", 0, 0)
    return tuple(
        Indicator(key=(row.key.data or "").strip(), name=(row.name.data or "").strip(),
                  name_en=old.get((row.key.data or "").strip(), blank).name_en,
                  # A blank box stays None on purpose: check_settings names it by its path.
                  points=number(row.points.data),  # type: ignore[arg-type]
                  priority=row.priority.data,  # type: ignore[arg-type]
                  description=old.get((row.key.data or "").strip(), blank).description,
                  anchors=old.get((row.key.data or "").strip(), blank).anchors)
        for row in (entry.form for entry in form.rubric)
        if (row.key.data or "").strip() or (row.name.data or "").strip()
    )


def _quotas(form: SettingsForm) -> list[dict[str, Any]]:
    """Quotas as the funding rules store them, rows without a value dropped."""
    return [
        {"track": (row.track.data or "").strip() or None, "group": row.group.data,
         "value": (row.value.data or "").strip(), "min_count": row.min_count.data,
         "max_count": row.max_count.data,
         "max_wan": None if row.max_wan.data is None else number(
             Decimal(row.max_wan.data) / YUAN_PER_WAN)}
        for row in (entry.form for entry in form.quotas) if (row.value.data or "").strip()
    ]


def settings_from_form(form: SettingsForm, current: CallSettings) -> CallSettings:
    """The settings the validated form describes; what it does not show is kept."""
    params = {
        **current.rule_params,
        **{key: form[key].data for key in (
            "cap_yuan", "audit_years", "max_units", "min_achievements", "max_achievements",
            "achievement_kinds", "achievement_levels", "excluded_stages", "paper_only_outputs",
            "blacklist_years",
            "duration_months", "lead_unit_types", "partner_unit_types")},
        "home_province": filled(form.home_province.data).strip(),
        "self_funding_ratio": number(form.self_funding_ratio.data),
        "outsourced_max_share": number(filled(form.outsourced_max_percent.data) / 100),
        "min_pi_months": number(form.min_pi_months.data),
    }
    wanted = set(form.conflict_rules.data or ())
    policy = {
        **current.conflict_policy,
        "rules": {rule: rule in wanted for rule in CONFLICT_RULE_IDS},
        "past_employment_years": form.past_employment_years.data,
        "collaboration_years": form.collaboration_years.data,
        "one_per_unit": form.one_per_unit.data, "require_external": form.require_external.data,
        "home_province": filled(form.conflict_home_province.data).strip(),
    }
    funding = {**current.funding, "max_cut_percent": form.max_cut_percent.data,
               "lottery": form.lottery.data, "lottery_seed": form.lottery_seed.data,
               "quotas": _quotas(form), "priorities": form.priorities.form.order(),
               "show_expert_identities": form.show_expert_identities.data}
    return CallSettings(
        tracks=_tracks(form, current), directions=tuple(filled(form.directions.data)),
        rubric=_rubric(form, current),
        enabled_rules=tuple(r for r in ELIGIBILITY_RULE_IDS
                            if r in (form.enabled_rules.data or ())),
        rule_params=params, conflict_policy=policy,
        reviewers_per_app=filled(form.reviewers_per_app.data), funding=funding,
        review=current.review,
    )
