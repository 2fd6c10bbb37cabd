"""Audit metrics per unit and in total, and the risk x control coverage matrix of a unit.

Counts, not judgements: how many risks are at or above appetite, how many of
those have an implemented adequate control, how many planned controls are on
time. Shares are derived from the counts (``None`` when there is nothing to
divide). A control that mitigates risks in several units counts in each of them,
and once in the total.

Examples:
    >>> import datetime as dt
    >>> from zi_risk.facts import gather_facts
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder(appetite=11)
    ...        .risk("R-1", likelihood=4, impact=4).risk("R-2", likelihood=1, impact=1)
    ...        .control("C-1", mitigates=["R-1"], adequacy="adequate")
    ...        .build())
    >>> m = compute_metrics(gather_facts(reg, dt.date(2023, 12, 31)), [])
    >>> m.total.risks, m.total.at_appetite, m.total.share_effective
    (2, 1, 1.0)
    >>> matrix = coverage_matrix(gather_facts(reg, dt.date(2023, 12, 31)), "unit-1")
    >>> matrix.risks, matrix.controls, matrix.cell("R-1", "C-1"), matrix.cell("R-2", "C-1")
    (('R-1', 'R-2'), ('C-1',), 'implemented', None)
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .errors import UsageError
from .facts import AuditFacts, ControlFacts
from .vocab import Adequacy, ControlStatus

__all__ = [
    "CELL_STATES",
    "CoverageMatrix",
    "Metrics",
    "UnitMetrics",
    "compute_metrics",
    "coverage_matrix",
]


@attrs.frozen(kw_only=True)
class UnitMetrics:
    """The metrics of one unit (``unit`` is its id) or of the whole register (``unit`` None).

    * ``risks``: risks of the unit's services;
    * ``at_appetite``: those at or above appetite (residual where present, else inherent);
    * ``with_effective_control``: of those, risks with an implemented adequate control;
    * ``with_both_types``: of those, risks with both an implemented adequate preventive
      and an implemented adequate detective control;
    * ``open_controls`` / ``open_on_time``: planned or in-progress controls, and those
      with a due date on or after ``as_of``;
    * ``implemented_controls`` / ``fresh_evidence`` / ``tested``: implemented controls,
      those whose newest evidence is within ``evidence_max_age_days``, and those whose
      latest test is effective and within ``test_max_age_days``;
    * ``errors``, ``warnings``, ``infos``: findings by severity.
    """

    unit: str | None
    risks: int = 0
    at_appetite: int = 0
    with_effective_control: int = 0
    with_both_types: int = 0
    open_controls: int = 0
    open_on_time: int = 0
    implemented_controls: int = 0
    fresh_evidence: int = 0
    tested: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def share_effective(self) -> float | None:
        """Share of risks at/above appetite with an implemented adequate control."""
        return self._share(self.with_effective_control, self.at_appetite)

    @property
    def share_both_types(self) -> float | None:
        """Share of risks at/above appetite with both preventive and detective coverage."""
        return self._share(self.with_both_types, self.at_appetite)

    @property
    def share_on_time(self) -> float | None:
        """Share of planned or in-progress controls that are on time."""
        return self._share(self.open_on_time, self.open_controls)

    @property
    def share_fresh_evidence(self) -> float | None:
        """Share of implemented controls with fresh evidence."""
        return self._share(self.fresh_evidence, self.implemented_controls)

    @property
    def share_tested(self) -> float | None:
        """Share of implemented controls tested recently and found effective."""
        return self._share(self.tested, self.implemented_controls)


@attrs.frozen(kw_only=True)
class Metrics:
    """Metrics of every unit in register order, and of the whole register."""

    units: tuple[UnitMetrics, ...]
    total: UnitMetrics

    def unit(self, unit_id: str) -> UnitMetrics:
        """The metrics of one unit.

        Raises:
            UsageError: the register has no such unit.
        """
        for m in self.units:
            if m.unit == unit_id:
                return m
        raise UsageError(f"no unit {unit_id!r} in the register")


_COUNTERS = (
    "risks",
    "at_appetite",
    "with_effective_control",
    "with_both_types",
    "open_controls",
    "open_on_time",
    "implemented_controls",
    "fresh_evidence",
    "tested",
    "errors",
    "warnings",
    "infos",
)
_SEVERITY_FIELD = {"error": "errors", "warning": "warnings", "info": "infos"}


def _control_counts(facts: AuditFacts, cf: ControlFacts) -> dict[str, int]:
    counts: dict[str, int] = {}
    if cf.is_open:
        counts["open_controls"] = 1
        due = cf.control.due
        if due is not None and due.date >= facts.as_of:
            counts["open_on_time"] = 1
    elif cf.is_implemented:
        counts["implemented_controls"] = 1
        if facts.evidence_fresh(cf):
            counts["fresh_evidence"] = 1
        if facts.tested_ok(cf):
            counts["tested"] = 1
    return counts


def compute_metrics(facts: AuditFacts, findings: Iterable[tuple[str | None, str]]) -> Metrics:
    """Count the metrics of ``facts``; ``findings`` gives (unit or None, severity) per finding."""
    tallies: dict[str | None, dict[str, int]] = {
        u.id: dict.fromkeys(_COUNTERS, 0) for u in facts.register.units
    }
    total = dict.fromkeys(_COUNTERS, 0)

    def tally(unit: str | None) -> dict[str, int]:
        found = tallies.get(unit)
        if found is None:
            found = tallies[unit] = dict.fromkeys(_COUNTERS, 0)
        return found

    for rf in facts.risks:
        t = tally(rf.unit)
        t["risks"] += 1
        if rf.at_appetite:
            t["at_appetite"] += 1
            if rf.has_effective:
                t["with_effective_control"] += 1
                if rf.both_effective:
                    t["with_both_types"] += 1
    for cf in facts.controls:
        counts = _control_counts(facts, cf)
        if counts:
            for unit in cf.units:
                t = tally(unit)
                for key, n in counts.items():
                    t[key] += n
            for key, n in counts.items():
                total[key] += n
    for where, severity in findings:
        key = _SEVERITY_FIELD[severity]
        tally(where)[key] += 1
        total[key] += 1
    for t in tallies.values():  # risks are totalled from the units (and the unit-less)
        for key in ("risks", "at_appetite", "with_effective_control", "with_both_types"):
            total[key] += t[key]
    units = tuple(UnitMetrics(unit=u, **t) for u, t in tallies.items() if u is not None)
    return Metrics(units=units, total=UnitMetrics(unit=None, **total))


# --------------------------------------------------------------------------- coverage matrix

IMPLEMENTED = "implemented"
INADEQUATE = "inadequate"
UNASSESSED = "unassessed"
PLANNED = "planned"
OVERDUE = "overdue"
NO_DUE = "no_due"
RETIRED = "retired"

CELL_STATES: tuple[str, ...] = (
    IMPLEMENTED,
    INADEQUATE,
    UNASSESSED,
    PLANNED,
    OVERDUE,
    NO_DUE,
    RETIRED,
)
"""What a coverage cell can say about a control that mitigates a risk:

``implemented`` (implemented and adequate), ``inadequate`` (implemented, judged
*belum memadai*), ``unassessed`` (implemented, adequacy not assessed),
``planned`` (planned or in progress, due on or after ``as_of``), ``overdue``
(planned or in progress, due before ``as_of``), ``no_due`` (planned or in
progress without a due date), ``retired``. A cell is ``None`` where the control
does not mitigate the risk.
"""


def _cell(facts: AuditFacts, cf: ControlFacts) -> str:
    control = cf.control
    if control.status is ControlStatus.RETIRED:
        return RETIRED
    if control.status is ControlStatus.IMPLEMENTED:
        if control.adequacy is Adequacy.ADEQUATE:
            return IMPLEMENTED
        return INADEQUATE if control.adequacy is Adequacy.INADEQUATE else UNASSESSED
    if control.due is None:
        return NO_DUE
    return OVERDUE if control.due.date < facts.as_of else PLANNED


@attrs.frozen(kw_only=True)
class CoverageMatrix:
    """Which control covers which risk in one unit, and how (see :data:`CELL_STATES`).

    ``risks`` are the unit's risks in register order, ``at_appetite`` says for each
    whether it is at or above appetite; ``controls`` are every control (retired
    included) that mitigates one of them, in register order; ``cells[i][j]`` is the
    state of ``controls[j]`` against ``risks[i]``.
    """

    unit: str
    as_of: str
    risks: tuple[str, ...]
    at_appetite: tuple[bool, ...]
    controls: tuple[str, ...]
    cells: tuple[tuple[str | None, ...], ...]

    def cell(self, risk_id: str, control_id: str) -> str | None:
        """The state of one cell; ``None`` when the control does not mitigate the risk.

        Raises:
            UsageError: the risk or control is not in this matrix.
        """
        try:
            i, j = self.risks.index(risk_id), self.controls.index(control_id)
        except ValueError:
            raise UsageError(
                f"no cell ({risk_id!r}, {control_id!r}) in the coverage matrix of {self.unit!r}"
            ) from None
        return self.cells[i][j]


def coverage_matrix(facts: AuditFacts, unit_id: str) -> CoverageMatrix:
    """The risk x control coverage matrix of unit ``unit_id``.

    Raises:
        UsageError: the register has no such unit.
    """
    if unit_id not in facts.index.units:
        raise UsageError(f"no unit {unit_id!r} in the register")
    rows = [rf for rf in facts.risks if rf.unit == unit_id]
    wanted = {rf.risk.id for rf in rows}
    cols = [cf for cf in facts.controls if any(rid in wanted for rid in cf.risks)]
    cells = tuple(
        tuple(_cell(facts, cf) if rf.risk.id in cf.risks else None for cf in cols) for rf in rows
    )
    return CoverageMatrix(
        unit=unit_id,
        as_of=facts.as_of.isoformat(),
        risks=tuple(rf.risk.id for rf in rows),
        at_appetite=tuple(rf.at_appetite for rf in rows),
        controls=tuple(cf.control.id for cf in cols),
        cells=cells,
    )
