"""Tests of the model's small value types: due dates, periods, appetite."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from zi_risk import Due, Location, Register
from zi_risk.testing import RegisterBuilder


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-Q1", dt.date(2024, 3, 31)),
        ("2024-q2", dt.date(2024, 6, 30)),
        ("2024-Q3", dt.date(2024, 9, 30)),
        ("2024-Q4", dt.date(2024, 12, 31)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_due_dates_are_iso_dates_or_quarter_ends(text: str, date: dt.date) -> None:
    """A quarter means its last day; the written form is kept."""
    due = Due.parse(text)
    assert due.date == date
    assert str(due) == (text.upper() if "q" in text.casefold() else text)


def test_period_end_is_the_quarter_or_the_year_end() -> None:
    """The register's period ends with its quarter if given, else with its year."""
    assert RegisterBuilder(year=2023).build().period_end == dt.date(2023, 12, 31)
    assert RegisterBuilder(year=2023, quarter=3).build().period_end == dt.date(2023, 9, 30)


def test_records_are_frozen_and_locations_do_not_count_for_equality() -> None:
    """Records cannot change, and the same record from another place is equal."""
    reg = RegisterBuilder().risk("R-1").build()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        reg.risks[0].name = "x"  # type: ignore[misc]
    moved = attrs.evolve(reg.risks[0], loc=Location(file="other.yaml", line=99))
    assert moved == reg.risks[0]


def test_effective_appetite_falls_back_to_the_criteria() -> None:
    """Without an appetite the criteria's default applies."""
    assert RegisterBuilder().build().effective_appetite == 11
    assert RegisterBuilder(appetite=16).build().effective_appetite == 16
    assert isinstance(RegisterBuilder().build(), Register)
