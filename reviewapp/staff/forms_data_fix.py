"""Forms to fix an application's or a unit's data: a text box per workbook column, a reason."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from reviewapp.services.data_fix import REASON_MAX
from reviewapp.workbook.columns import Column

# English msgids of the workbook columns; the Chinese catalogue gives the workbook's words.
LABELS = {
    "title": _l("Project title"), "track": _l("Track"), "direction": _l("Direction"),
    "stage": _l("Research stage"), "duration_months": _l("Duration (months)"),
    "agreements_signed": _l("Cooperation agreements signed"),
    "achievement_count": _l("Number of achievements introduced"),
    "achievement_types": _l("Types of achievements introduced"),
    "achievement_ip_clear": _l("Intellectual property clear"),
    "lead_unit_id": _l("Lead unit ID"), "partner_unit_ids": _l("Partner unit IDs"),
    "participant_unit_ids": _l("Participating unit IDs"),
    "pi_id": _l("PI ID"), "pi_name": _l("PI name"), "pi_sex": _l("Sex"),
    "pi_birth_date": _l("Date of birth"), "pi_title": _l("Professional title"),
    "pi_degree": _l("Degree"), "pi_employed_by_lead": _l("Employed by the lead unit"),
    "pi_months_per_year": _l("Months per year on the project"),
    "pi_aid_staff": _l("Aid-Xinjiang S&T staff"),
    "pi_service_end": _l("Service in Xinjiang ends"),
    "pi_letters": _l("Commitment and recommendation letters"),
    "pi_blacklisted_until": _l("On a credit blacklist until"),
    "requested_wan": _l("Requested (10k yuan)"), "self_funding_wan": _l("Self-raised (10k yuan)"),
    "outsourced_wan": _l("Passed out (10k yuan)"), "output_types": _l("Output types"),
    "demo_site": _l("Demonstration site"), "demo_scale": _l("Demonstration scale"),
    "quantified_outputs": _l("Quantified outputs"), "adoption_units": _l("Adopting units"),
    "keywords": _l("Keywords"), "abstract": _l("Abstract"),
    "classified": _l("Classified (handled offline)"),
    "partner_supported": _l("Supported by an aid province or its front command"),
    "chain_leader": _l("Led by a chain-leader or backbone enterprise"),
    "commissioner": _l("Carried out by S&T commissioners"),
    "name": _l("Name"), "unit_type": _l("Unit type"), "province": _l("Province"),
    "legal_person": _l("Independent legal person"),
    "blacklisted_until": _l("On a credit blacklist until"),
    "audit_years": _l("Audit report years"), "credit_code": _l("Credit code"),
    "parent_unit_id": _l("Parent unit ID"),
}
# The application's fields in the detail page's sections.
APPLICATION_GROUPS = (
    (_l("Basic information"), ("title", "track", "direction", "stage", "duration_months",
                               "agreements_signed", "achievement_count", "achievement_types",
                               "achievement_ip_clear", "classified")),
    (_l("Units"), ("lead_unit_id", "partner_unit_ids", "participant_unit_ids")),
    (_l("Principal investigator"), ("pi_id", "pi_name", "pi_sex", "pi_birth_date", "pi_title",
                                    "pi_degree", "pi_employed_by_lead", "pi_months_per_year",
                                    "pi_aid_staff", "pi_service_end", "pi_letters",
                                    "pi_blacklisted_until")),
    (_l("Funding"), ("requested_wan", "self_funding_wan", "outsourced_wan")),
    (_l("Demonstration and outputs"), ("output_types", "demo_site", "demo_scale",
                                       "quantified_outputs", "adoption_units")),
    (_l("Abstract"), ("keywords", "abstract")),
    (_l("Priorities under equal conditions"), ("partner_supported", "chain_leader",
                                              "commissioner")),
)
UNIT_GROUPS = (
    (_l("Basic information"), ("name", "unit_type", "province", "legal_person",
                               "parent_unit_id", "credit_code")),
    (_l("Credit and audit"), ("blacklisted_until", "audit_years")),
)
# What a cell of each kind accepts, said once for the hint under its box.
KIND_HINTS = {
    "money": _l("In 10k yuan, e.g. 50 or 48.5万"),
    "date": _l("YYYY-MM-DD; leave empty if none"),
    "ids": _l("Unit IDs, separated by ；"),
    "list": _l("Items separated by ；"),
    "years": _l("Years, e.g. 2023;2024"),
    "int": _l("A whole number"),
    "number": _l("A number"),
}
LONG_TEXT = frozenset({"abstract", "quantified_outputs"})


@dataclass(frozen=True)
class FieldSpec:
    """One box of the form: workbook key and header, hint, and the values a list suggests."""

    key: str
    header: str
    hint: str
    choices: tuple[str, ...]


def field_specs(columns: tuple[Column, ...]) -> dict[str, FieldSpec]:
    """Hints and suggested values for each column, by workbook key."""
    specs = {}
    for column in columns:
        choices = column.choices or (("男", "女") if column.kind == "sex" else ())
        hint = KIND_HINTS.get(column.kind, "")
        specs[column.key] = FieldSpec(column.key, column.label, str(hint) if hint else "",
                                      tuple(choices))
    return specs


def fix_form_class(columns: tuple[Column, ...]) -> type[FlaskForm]:
    """A form class with one text box per column (named by its workbook key) and the reason."""
    fields = {}
    for column in columns:
        kind = TextAreaField if column.key in LONG_TEXT else StringField
        fields[column.key] = kind(LABELS.get(column.key, column.label))
    fields["reason"] = TextAreaField(_l("Reason for the fix"),
                                     validators=[Length(max=REASON_MAX)])
    return type("DataFixForm", (FlaskForm,), fields)
