"""The track page's what-if: the form filled with the saved run's rules, and its answer.

A question arrives as GET parameters. Every box the question leaves out keeps the saved
value (budget, calibrated score, cut, lottery, quotas), so `?budget_wan=80` asks "the
saved list with 80 万元"; quota rows given replace the saved quotas (a cleared value
drops a quota). Nothing is sampled and nothing is stored.
"""

from __future__ import annotations

from decimal import Decimal

from werkzeug.datastructures import MultiDict

from reviewapp.committee.forms import WhatIfForm, WhatIfQuotaForm
from reviewapp.models import RankingRun
from reviewapp.money import wan_text, wan_to_yuan
from reviewapp.services.whatif import (
    QuotaRow,
    WhatIf,
    WhatIfRefused,
    WhatIfResult,
    saved_question,
    what_if,
)

QUESTION_KEYS = ("budget_wan", "aggregation", "max_cut", "lottery")


def _text(value: int | None) -> str:
    """A count for a box; blank for None."""
    return "" if value is None else str(value)


def saved_formdata(saved: WhatIf) -> MultiDict[str, str]:
    """The boxes as the saved run fills them, with one empty quota row to add a quota."""
    data: MultiDict[str, str] = MultiDict({
        "budget_wan": "" if saved.budget_yuan is None else wan_text(saved.budget_yuan),
        "aggregation": saved.aggregation, "max_cut": str(saved.max_cut_percent),
        "lottery": "on" if saved.lottery else "off",
    })
    rows = [*(saved.quotas or ()), QuotaRow("direction", "")]
    for i, row in enumerate(rows):
        data.update({
            f"quotas-{i}-group": row.group, f"quotas-{i}-value": row.value,
            f"quotas-{i}-min_count": _text(row.min_count or None),
            f"quotas-{i}-max_count": _text(row.max_count),
            f"quotas-{i}-max_wan": "" if row.max_yuan is None else wan_text(row.max_yuan),
        })
    return data


def asked(args: MultiDict[str, str]) -> bool:
    """Whether the request asks a what-if question at all."""
    return any(key in QUESTION_KEYS or key.startswith("quotas-") for key in args)


def question_formdata(saved: WhatIf, args: MultiDict[str, str]) -> MultiDict[str, str]:
    """The saved boxes with the question's values on top; quota rows given replace the saved."""
    data = saved_formdata(saved)
    if any(key.startswith("quotas-") for key in args):
        data = MultiDict([(k, v) for k, v in data.items(multi=True)
                          if not k.startswith("quotas-")])
    for key in args:
        if key in QUESTION_KEYS or key.startswith("quotas-"):
            data.setlist(key, args.getlist(key))
    return data


def _quota_row(row: WhatIfQuotaForm) -> QuotaRow:
    """A validated quota row as the service takes it."""
    amount = row.max_wan.data
    return QuotaRow(row.group.data or "direction", (row.value.data or "").strip(),
                    row.min_count.data or 0, row.max_count.data,
                    None if amount is None else wan_to_yuan(Decimal(amount)))


def ask_what_if(run: RankingRun, track_id: str, args: MultiDict[str, str],
                directions: tuple[str, ...]) -> tuple[WhatIfForm, WhatIfResult | None]:
    """The what-if form for the page and, when a valid question was asked, its answer."""
    saved = saved_question(run, track_id)
    question = asked(args)
    form = WhatIfForm(formdata=question_formdata(saved, args) if question
                      else saved_formdata(saved))
    form.directions = directions
    if not question or not form.validate():
        return form, None
    budget = form.budget_wan.data
    try:
        answer = what_if(run, track_id, WhatIf(
            budget_yuan=saved.budget_yuan if budget is None else wan_to_yuan(Decimal(budget)),
            aggregation=form.aggregation.data or "calibrated",
            max_cut_percent=form.max_cut.data or 0, lottery=form.lottery.data == "on",
            quotas=tuple(_quota_row(row) for row in form.filled_quotas())))
    except WhatIfRefused as error:  # the form checks these first; kept as a last guard
        return form, WhatIfResult({}, 0, str(error))
    if (form.quotas.entries[-1].form.value.data or "").strip():
        form.quotas.append_entry()  # room for one more quota
    return form, answer
