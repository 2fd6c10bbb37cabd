"""Tests of the audit metrics and the coverage matrix."""

from __future__ import annotations

import pytest

from zi_risk.coverage import check_coverage
from zi_risk.errors import UsageError
from zi_risk.metrics import CELL_STATES, UnitMetrics
from zi_risk.model import Register
from zi_risk.testing import RegisterBuilder

FRESH = {"evidence": [{"title": "SK", "date": "2023-06-01"}]}
TESTED = {"tests": [{"date": "2023-09-01", "result": "effective"}]}
OK = {"status": "implemented", "adequacy": "adequate", "owner": "kasi"}


def two_units() -> Register:
    """Unit ``a`` with three risks and unit ``b`` with one; C-shared spans both units."""
    return (
        RegisterBuilder(appetite=11)
        .unit("a")
        .unit("b")
        .service("sa", unit="a")
        .service("sb", unit="b")
        .risk("A-1", service="sa", likelihood=4, impact=4, owner="o")
        .risk("A-2", service="sa", likelihood=4, impact=4, owner="o")
        .risk("A-3", service="sa", likelihood=1, impact=1, owner="o")
        .risk("B-1", service="sb", likelihood=5, impact=5, owner="o")
        .control("C-prev", mitigates=["A-1"], **OK, **FRESH, **TESTED)
        .control("C-det", mitigates=["A-1"], type="detective", **OK, **FRESH)
        .control(
            "C-shared",
            mitigates=["A-2", "B-1"],
            **OK,
            evidence=[{"title": "lama", "date": "2020-01-01"}],
            **TESTED,
        )
        .control(
            "C-weak",
            mitigates=["A-2"],
            type="detective",
            status="implemented",
            adequacy="inadequate",
            owner="kasi",
        )
        .control(
            "C-plan",
            mitigates=["B-1"],
            type="detective",
            status="planned",
            due="2024-Q1",
            owner="kasi",
        )
        .control("C-late", mitigates=["A-3"], status="in_progress", due="2023-06-30", owner="kasi")
        .control("C-nodue", mitigates=["A-3"], status="planned", owner="kasi")
        .control("C-gone", mitigates=["A-1"], status="retired")
        .build()
    )


def test_metrics_per_unit_and_total() -> None:
    """Counts per unit; a control spanning two units counts in each and once in the total."""
    audit = check_coverage(two_units())
    a, b = audit.metrics.units
    total = audit.metrics.total
    assert (a.unit, b.unit, total.unit) == ("a", "b", None)
    assert (a.risks, a.at_appetite, a.with_effective_control, a.with_both_types) == (3, 2, 2, 1)
    assert (b.risks, b.at_appetite, b.with_effective_control, b.with_both_types) == (1, 1, 1, 0)
    assert (total.risks, total.at_appetite, total.with_effective_control) == (4, 3, 3)
    assert (a.open_controls, a.open_on_time, b.open_controls, b.open_on_time) == (2, 0, 1, 1)
    assert (total.open_controls, total.open_on_time) == (3, 1)
    # implemented: C-prev, C-det, C-shared, C-weak in a; C-shared in b
    assert (a.implemented_controls, a.fresh_evidence, a.tested) == (4, 2, 2)
    assert (b.implemented_controls, b.fresh_evidence, b.tested) == (1, 0, 1)
    assert (total.implemented_controls, total.fresh_evidence, total.tested) == (4, 2, 2)


def test_findings_by_severity_add_up() -> None:
    """Per-unit finding counts sum to the total, which matches the findings."""
    audit = check_coverage(two_units())
    total = audit.metrics.total
    assert (total.errors, total.warnings, total.infos) == (
        audit.count("error"),
        audit.count("warning"),
        audit.count("info"),
    )
    for sev in ("errors", "warnings", "infos"):
        assert sum(getattr(m, sev) for m in audit.metrics.units) == getattr(total, sev)


def test_shares_are_none_when_there_is_nothing_to_divide() -> None:
    """A unit without risks or controls has no shares, not zero."""
    m = UnitMetrics(unit="x")
    assert (m.share_effective, m.share_both_types, m.share_on_time) == (None, None, None)
    assert UnitMetrics(unit="x", at_appetite=3, with_effective_control=2).share_effective == 0.6667


def test_metrics_lookup_by_unit() -> None:
    """Metrics of one unit by id; an unknown unit is a usage error."""
    metrics = check_coverage(two_units()).metrics
    assert metrics.unit("b").risks == 1
    with pytest.raises(UsageError, match="no unit 'zz' in the register"):
        metrics.unit("zz")


def test_coverage_matrix_cells() -> None:
    """Rows are the unit's risks, columns the controls on them, cells their state."""
    audit = check_coverage(two_units())
    m = audit.coverage_matrix("a")
    assert m.risks == ("A-1", "A-2", "A-3")
    assert m.at_appetite == (True, True, False)
    assert m.controls == ("C-prev", "C-det", "C-shared", "C-weak", "C-late", "C-nodue", "C-gone")
    assert m.cells == (
        ("implemented", "implemented", None, None, None, None, "retired"),
        (None, None, "implemented", "inadequate", None, None, None),
        (None, None, None, None, "overdue", "no_due", None),
    )
    assert audit.coverage_matrix("b").cell("B-1", "C-plan") == "planned"
    assert {c for row in m.cells for c in row if c} <= set(CELL_STATES)
    with pytest.raises(UsageError, match="no cell"):
        m.cell("B-1", "C-prev")
    with pytest.raises(UsageError, match="no unit 'zz'"):
        audit.coverage_matrix("zz")
