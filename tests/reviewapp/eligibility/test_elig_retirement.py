"""The 2025 retirement-age schedules at their edges."""

from __future__ import annotations

from datetime import date

import pytest

from reviewapp.eligibility.retirement import (
    MEN_60,
    WOMEN_50,
    WOMEN_55,
    retirement_date,
    schedule_for,
    statutory_age_months,
)


@pytest.mark.parametrize(("schedule", "born", "years", "months"), [
    (MEN_60, (1964, 12), 60, 0), (MEN_60, (1965, 1), 60, 1), (MEN_60, (1965, 4), 60, 1),
    (MEN_60, (1965, 5), 60, 2), (MEN_60, (1976, 8), 62, 11), (MEN_60, (1976, 9), 63, 0),
    (MEN_60, (1990, 1), 63, 0),
    (WOMEN_55, (1969, 12), 55, 0), (WOMEN_55, (1970, 1), 55, 1), (WOMEN_55, (1970, 5), 55, 2),
    (WOMEN_55, (1981, 8), 57, 11), (WOMEN_55, (1981, 9), 58, 0), (WOMEN_55, (1995, 6), 58, 0),
    (WOMEN_50, (1974, 12), 50, 0), (WOMEN_50, (1975, 1), 50, 1), (WOMEN_50, (1975, 2), 50, 1),
    (WOMEN_50, (1975, 3), 50, 2), (WOMEN_50, (1984, 10), 54, 11), (WOMEN_50, (1984, 11), 55, 0),
    (WOMEN_50, (2000, 1), 55, 0),
])
def test_schedule_edges(schedule, born: tuple[int, int], years: int, months: int) -> None:
    assert statutory_age_months(schedule, date(*born, 15)) == years * 12 + months


def test_first_raised_cohort_retires_in_2025() -> None:
    assert retirement_date(MEN_60, date(1965, 1, 10)) == date(2025, 2, 10)
    assert retirement_date(WOMEN_50, date(1975, 2, 28)) == date(2025, 3, 28)
    assert retirement_date(WOMEN_55, date(1970, 1, 31)) == date(2025, 2, 28)


def test_schedule_choice() -> None:
    assert schedule_for("男", professional=False) is MEN_60
    assert schedule_for("male", professional=True) is MEN_60
    assert schedule_for("女", professional=True) is WOMEN_55
    assert schedule_for("F", professional=False) is WOMEN_50
    with pytest.raises(ValueError):
        schedule_for("?", professional=True)
