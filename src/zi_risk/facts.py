"""What the audit knows about each risk and control, computed once per register.

The audit rules (:mod:`zi_risk.coverage`) and the metrics (:mod:`zi_risk.metrics`)
ask the same questions many times: which live controls mitigate this risk, is it
at or above appetite, is this control's evidence fresh. :func:`gather_facts`
answers them once, in one pass over the register, so that auditing a register of
a million risks stays linear.

Vocabulary used throughout the audit:

* a **live** control is any control that is not retired;
* an **effective** control is implemented (*terpasang*) and judged adequate (*memadai*);
* an **open** control is planned (in the RTP) or in progress;
* evidence and tests count only when dated on or before ``as_of``.

Examples:
    >>> import datetime as dt
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder(appetite=11)
    ...        .risk("R-1", likelihood=4, impact=4)
    ...        .control("C-1", mitigates=["R-1"], adequacy="adequate")
    ...        .build())
    >>> facts = gather_facts(reg, dt.date(2023, 12, 31))
    >>> r = facts.risks[0]
    >>> r.at_appetite, [c.id for c in r.live], r.has_effective, r.has_detective
    (True, ['C-1'], True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

import attrs

from .model import Control, Register, RegisterIndex, Risk
from .scoring import RiskScore, score_register
from .vocab import Adequacy, ControlStatus, ControlType, TestResult

__all__ = [
    "DEFAULT_THRESHOLDS",
    "AuditFacts",
    "ControlFacts",
    "RiskFacts",
    "gather_facts",
]

DEFAULT_THRESHOLDS: Mapping[str, int] = {
    "evidence_max_age_days": 365,
    "test_max_age_days": 365,
    "max_controls_per_owner": 15,
}
"""The audit's thresholds and their defaults (days, days, controls)."""

_OPEN = (ControlStatus.PLANNED, ControlStatus.IN_PROGRESS)


class RiskFacts(NamedTuple):
    """One risk, its score, its unit, and the live controls that mitigate it.

    A named tuple rather than an attrs class: the audit makes one per risk, and a
    register may hold a million of them.
    """

    risk: Risk
    score: RiskScore
    unit: str | None
    live: tuple[Control, ...]
    at_appetite: bool
    """Whether the score the risk is judged on is at or above its appetite."""

    @property
    def effective(self) -> tuple[Control, ...]:
        """The live controls that are implemented and adequate."""
        return tuple(c for c in self.live if _is_effective(c))

    @property
    def has_effective(self) -> bool:
        """Whether an implemented adequate control mitigates the risk."""
        return any(_is_effective(c) for c in self.live)

    @property
    def has_implemented(self) -> bool:
        """Whether any implemented control, adequate or not, mitigates the risk."""
        return any(c.status is ControlStatus.IMPLEMENTED for c in self.live)

    @property
    def has_planned_with_due(self) -> bool:
        """Whether a planned or in-progress control with a due date mitigates the risk."""
        return any(c.status in _OPEN and c.due is not None for c in self.live)

    @property
    def has_preventive(self) -> bool:
        """Whether a live preventive control (implemented or planned) mitigates the risk."""
        return any(c.type is ControlType.PREVENTIVE for c in self.live)

    @property
    def has_detective(self) -> bool:
        """Whether a live detective control (implemented or planned) mitigates the risk."""
        return any(c.type is ControlType.DETECTIVE for c in self.live)

    @property
    def both_effective(self) -> bool:
        """Whether both an effective preventive and an effective detective control exist."""
        kinds = {c.type for c in self.live if _is_effective(c)}
        return ControlType.PREVENTIVE in kinds and ControlType.DETECTIVE in kinds


def _is_effective(control: Control) -> bool:
    return control.status is ControlStatus.IMPLEMENTED and control.adequacy is Adequacy.ADEQUATE


class ControlFacts(NamedTuple):
    """One control, the risks and units it touches, and its evidence and test state.

    ``newest_evidence`` and ``latest_test`` consider only items dated on or before
    ``as_of``; ``evidence_undated`` says the control has evidence but none of it is
    dated by then.
    """

    control: Control
    risks: tuple[str, ...]
    units: tuple[str, ...]
    newest_evidence: dt.date | None
    evidence_undated: bool
    latest_test_date: dt.date | None
    latest_test_result: TestResult | None

    @property
    def is_live(self) -> bool:
        """Not retired."""
        return self.control.status is not ControlStatus.RETIRED

    @property
    def is_open(self) -> bool:
        """Planned or in progress."""
        return self.control.status in _OPEN

    @property
    def is_implemented(self) -> bool:
        """Implemented (*terpasang*)."""
        return self.control.status is ControlStatus.IMPLEMENTED

    @property
    def is_effective(self) -> bool:
        """Implemented and adequate."""
        return _is_effective(self.control)


@attrs.frozen(kw_only=True)
class AuditFacts:
    """Everything the rules and metrics read, indexed once.

    ``risks`` and ``controls`` keep the register's order; ``risks_by_id`` and
    ``controls_by_id`` look them up; ``service_unit`` maps a service id to its unit.
    """

    register: Register
    index: RegisterIndex
    as_of: dt.date
    thresholds: Mapping[str, int]
    risks: tuple[RiskFacts, ...]
    controls: tuple[ControlFacts, ...]
    risks_by_id: Mapping[str, RiskFacts]
    service_unit: Mapping[str, str]

    def threshold(self, name: str) -> int:
        """A threshold by name (see :data:`DEFAULT_THRESHOLDS`)."""
        return self.thresholds[name]

    def age(self, day: dt.date) -> int:
        """Days from ``day`` to ``as_of``."""
        return (self.as_of - day).days

    def evidence_fresh(self, cf: ControlFacts) -> bool:
        """Whether the newest evidence is at most ``evidence_max_age_days`` old."""
        newest = cf.newest_evidence
        return newest is not None and self.age(newest) <= self.threshold("evidence_max_age_days")

    def tested_ok(self, cf: ControlFacts) -> bool:
        """Whether the latest test is effective and at most ``test_max_age_days`` old."""
        day = cf.latest_test_date
        return (
            day is not None
            and cf.latest_test_result is TestResult.EFFECTIVE
            and self.age(day) <= self.threshold("test_max_age_days")
        )


def _control_facts(
    control: Control, as_of: dt.date, risk_unit: Mapping[str, str | None]
) -> ControlFacts:
    newest: dt.date | None = None
    for ev in control.evidence:
        if ev.date is not None and ev.date <= as_of and (newest is None or ev.date > newest):
            newest = ev.date
    test_date: dt.date | None = None
    result: TestResult | None = None
    for test in control.tests:  # on equal dates the first listed wins, as in zi_risk.residual
        if test.date <= as_of and (test_date is None or test.date > test_date):
            test_date, result = test.date, test.result
    units = tuple(
        dict.fromkeys(u for rid in control.mitigates if (u := risk_unit.get(rid)) is not None)
    )
    return ControlFacts(
        control=control,
        risks=control.mitigates,
        units=units,
        newest_evidence=newest,
        evidence_undated=bool(control.evidence) and newest is None,
        latest_test_date=test_date,
        latest_test_result=result,
    )


def gather_facts(
    register: Register, as_of: dt.date, thresholds: Mapping[str, int] | None = None
) -> AuditFacts:
    """Index ``register`` for an audit as of ``as_of`` (see the module docstring).

    ``thresholds`` overrides :data:`DEFAULT_THRESHOLDS` by name.
    """
    limits = dict(DEFAULT_THRESHOLDS)
    limits.update(thresholds or {})
    index = register.index()
    service_unit = {s.id: s.unit for s in register.services}
    live: dict[str, list[Control]] = {}
    for control in register.controls:
        if control.status is not ControlStatus.RETIRED:
            for rid in control.mitigates:
                live.setdefault(rid, []).append(control)
    none: tuple[Control, ...] = ()
    risks = tuple(
        RiskFacts(s.risk, s, s.unit, tuple(live[s.id]) if s.id in live else none, s.above_appetite)
        for s in score_register(register)
    )
    risk_unit = {r.risk.id: r.unit for r in risks}
    controls = tuple(_control_facts(c, as_of, risk_unit) for c in register.controls)
    return AuditFacts(
        register=register,
        index=index,
        as_of=as_of,
        thresholds=limits,
        risks=risks,
        controls=controls,
        risks_by_id={r.risk.id: r for r in risks},
        service_unit=service_unit,
    )
