"""Control-coverage audit: stable rule codes ZI101-ZI304, findings as data, and metrics.

:func:`check_coverage` answers what an APIP auditor (the *Inspektorat*) verifies:
every serious fraud risk on every service has a control that exists, is owned, is
evidenced and works, and treatment plans (RTP, *rencana tindak pengendalian*) are
on time. It returns an :class:`Audit`: sorted :class:`Finding` records and
:class:`~zi_risk.metrics.Metrics`. The same register and ``as_of`` always give
the same audit; ``as_of`` defaults to the last day of the register's period.

Each rule is a small pure function over :class:`~zi_risk.facts.AuditFacts` whose
docstring gives its code and meaning; :data:`RULES` registers them. A code is
never reused for another meaning. ZI102 is the root finding: where it fires,
ZI103-ZI105 are not repeated for the same risk.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder(appetite=11)
    ...        .risk("R-1", likelihood=4, impact=4, owner="kabid")
    ...        .control("C-1", mitigates=["R-1"], status="planned", due="2023-09-30",
    ...                 owner="kasi")
    ...        .build())
    >>> audit = check_coverage(reg)
    >>> for f in audit.findings:
    ...     print(f.code, f.severity, f.subject, f.message)
    ZI203 error C-1 planned control due 2023-09-30 is overdue (as of 2023-12-31)
    ZI105 warning R-1 risk at or above appetite (inherent besaran 19 >= 11) has no detective \
control
    ZI106 warning R-1 risk has an inherent but no residual assessment
    ZI303 info unit-1 unit has no conflict-of-interest risk mapped (scheme benturan_kepentingan \
or group procurement_conflict)
    >>> print(audit.findings[0])
    <input>:controls[0]: ZI203 error C-1: planned control due 2023-09-30 is overdue (as of \
2023-12-31)
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from . import messages as msg
from .bulk import bulk
from .errors import LoadError, Location, Problem, UsageError
from .facts import DEFAULT_THRESHOLDS, AuditFacts, ControlFacts, RiskFacts, gather_facts
from .graph import NodeKey
from .metrics import CoverageMatrix, Metrics, compute_metrics, coverage_matrix
from .model import Register
from .vocab import ControlType, RiskGroup, Scheme, TestResult, Treatment

__all__ = [
    "RULES",
    "SEVERITIES",
    "Audit",
    "AuditConfig",
    "Finding",
    "Rule",
    "check_coverage",
    "rule",
]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Finding severities, most serious first."""

_RANK = {"error": 3, "warning": 2, "info": 1}


# --------------------------------------------------------------------------- findings


_DIGITS = re.compile(r"(\d+)")
_RECORD_PATH = re.compile(r"([A-Za-z_]+\[)(\d+)\]")


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A key that orders ``risks[9]`` before ``risks[10]`` and ``R-2`` before ``R-10``."""
    simple = _RECORD_PATH.fullmatch(text)  # the common case, without a split
    if simple is not None:
        return ((1, 0, simple[1]), (0, int(simple[2]), ""), (1, 0, "]"))
    return tuple(
        (0, int(p), "") if n % 2 else (1, 0, p) for n, p in enumerate(_DIGITS.split(text)) if p
    )


@attrs.frozen(kw_only=True)
class Finding:
    """One audit finding: a stable code, its severity, the record it is about, and why.

    ``location`` is where the subject record was read (file and line, or file and
    data path for JSON); ``path`` is a walk through the register graph, from the
    unit down to the subject, that explains the finding: consecutive keys are
    adjacent in :func:`zi_risk.graph.build_graph` (in either direction).
    """

    code: str
    severity: str
    subject: str
    message: str
    location: Location
    path: tuple[NodeKey, ...] = ()

    @property
    def unit(self) -> str | None:
        """The unit the finding belongs to: the first unit on its path, if any."""
        for kind, ident in self.path:
            if kind == "unit":
                return ident
        return None

    @property
    def where(self) -> str:
        """``file:line``, or ``file:data.path`` when the line is unknown."""
        loc = self.location
        head = loc.file or "<register>"
        if loc.cell is not None:
            return f"{head}!{loc.cell}"
        if loc.line is not None:
            return f"{head}:{loc.line}"
        return f"{head}:{loc.path}" if loc.path else head

    def sort_key(
        self, natural: Callable[[str], tuple[tuple[int, int, str], ...]] = _natural
    ) -> tuple[Any, ...]:
        """File, line (or data path when no line is known), code, subject."""
        loc = self.location
        return (
            loc.file or "",
            loc.line or 0,
            natural(loc.cell or loc.path or ""),
            self.code,
            natural(self.subject),
            self.message,
        )

    def __str__(self) -> str:
        return f"{self.where}: {self.code} {self.severity} {self.subject}: {self.message}"


class Hit(NamedTuple):
    """What a rule reports; the audit adds the rule's code and severity."""

    subject: str
    message: str
    location: Location
    path: tuple[NodeKey, ...]


Check = Callable[[AuditFacts], Iterable[Hit]]


@attrs.frozen
class Rule:
    """An audit rule: its code, default severity and check function."""

    code: str
    severity: str
    check: Check = attrs.field(repr=False)

    @property
    def title(self) -> str:
        """The rule's meaning in a few words (as in ``docs/audit.md``)."""
        return msg.RULE_TITLES[self.code]

    @property
    def doc(self) -> str:
        """The check function's docstring: the code and what the rule means."""
        return self.check.__doc__ or ""


# --------------------------------------------------------------------------- configuration


def _frozen_codes(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _sorted_pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[Any, ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(dict(items).items()))


@attrs.frozen(kw_only=True)
class AuditConfig:
    """Which rules run, at what severity, with which thresholds.

    ``severity`` and ``thresholds`` accept a mapping or pairs; they are kept as
    sorted pairs so that two equal configurations compare and hash equal.
    Thresholds: ``evidence_max_age_days`` (365), ``test_max_age_days`` (365),
    ``max_controls_per_owner`` (15).

    Raises:
        UsageError: an unknown rule code, severity or threshold name.

    Examples:
        >>> cfg = AuditConfig(disable=["ZI301"], severity={"ZI304": "warning"},
        ...                   thresholds={"test_max_age_days": 180})
        >>> cfg.enabled("ZI301"), cfg.severity_of("ZI304"), cfg.threshold("test_max_age_days")
        (False, 'warning', 180)
        >>> AuditConfig(disable=["zi301"])
        Traceback (most recent call last):
        ...
        zi_risk.errors.UsageError: unknown rule code 'zi301' (did you mean 'ZI301'?); codes: \
ZI101-ZI304
    """

    disable: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_codes)
    severity: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_sorted_pairs)
    thresholds: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_sorted_pairs)

    def __attrs_post_init__(self) -> None:
        for code in sorted(self.disable):
            _check_code(code)
        for code, level in self.severity:
            _check_code(code)
            if level not in SEVERITIES:
                raise UsageError(msg.AUDIT_BAD_LEVEL.format(level=level, code=code))
        for name, _ in self.thresholds:
            if name not in DEFAULT_THRESHOLDS:
                raise UsageError(
                    msg.AUDIT_BAD_THRESHOLD.format(name=name, choices=", ".join(DEFAULT_THRESHOLDS))
                )

    def enabled(self, code: str) -> bool:
        """Whether the rule ``code`` runs."""
        return code not in self.disable

    def severity_of(self, code: str) -> str:
        """The severity findings of ``code`` get: the override, else the rule's default."""
        return dict(self.severity).get(code) or _BY_CODE[code].severity

    def threshold(self, name: str) -> int:
        """A threshold: the configured value, else its default."""
        return dict(self.thresholds).get(name, DEFAULT_THRESHOLDS[name])

    @property
    def threshold_values(self) -> dict[str, int]:
        """Every threshold with its value, defaults filled in."""
        return {name: self.threshold(name) for name in DEFAULT_THRESHOLDS}

    def override(
        self,
        *,
        disable: Iterable[str] = (),
        severity: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        thresholds: Mapping[str, int] | Iterable[tuple[str, int]] = (),
    ) -> AuditConfig:
        """This configuration with more rules disabled and some values replaced.

        Examples:
            >>> AuditConfig(disable=["ZI301"]).override(disable=["ZI303"]).disable == {
            ...     "ZI301", "ZI303"}
            True
        """
        return AuditConfig(
            disable=self.disable | frozenset(disable),
            severity={**dict(self.severity), **dict(_sorted_pairs(severity))},
            thresholds={**dict(self.thresholds), **dict(_sorted_pairs(thresholds))},
        )

    @classmethod
    def from_register(cls, register: Register) -> AuditConfig:
        """The configuration in the register's ``audit:`` section.

        Raises:
            LoadError: the section names an unknown rule code or threshold; each
                problem is located at the ``audit:`` section.

        Examples:
            >>> from zi_risk.testing import RegisterBuilder
            >>> reg = RegisterBuilder(audit={"disable": ["ZI303"]}).build()
            >>> AuditConfig.from_register(reg).enabled("ZI303")
            False
        """
        settings = register.audit
        where = settings.loc
        problems: list[Problem] = []
        for code in settings.disable:
            if code not in _BY_CODE:
                problems.append(
                    Problem(where, "register", "audit.disable", msg.AUDIT_UNKNOWN_CODE, code)
                )
        for code, _ in settings.severity:
            if code not in _BY_CODE:
                problems.append(
                    Problem(where, "register", "audit.severity", msg.AUDIT_UNKNOWN_CODE, code)
                )
        for name, _ in settings.thresholds:
            if name not in DEFAULT_THRESHOLDS:
                expected = msg.AUDIT_UNKNOWN_THRESHOLD.format(choices=", ".join(DEFAULT_THRESHOLDS))
                problems.append(Problem(where, "register", "audit.thresholds", expected, name))
        if problems:
            raise LoadError(problems)
        return cls(
            disable=settings.disable, severity=settings.severity, thresholds=settings.thresholds
        )


def _check_code(code: str) -> None:
    if code not in _BY_CODE:
        close = difflib.get_close_matches(code.upper(), list(_BY_CODE), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(msg.AUDIT_BAD_CODE.format(code=code, hint=hint, codes=_CODE_RANGE))


# --------------------------------------------------------------------------- paths


def _risk_path(facts: AuditFacts, rf: RiskFacts) -> tuple[NodeKey, ...]:
    risk = rf.risk
    head: tuple[NodeKey, ...] = (("unit", rf.unit),) if rf.unit is not None else ()
    return (*head, ("service", risk.service), ("risk", risk.id))


def _control_path(facts: AuditFacts, cf: ControlFacts) -> tuple[NodeKey, ...]:
    for rid in cf.risks:
        rf = facts.risks_by_id.get(rid)
        if rf is not None:
            return (*_risk_path(facts, rf), ("control", cf.control.id))
    return (("control", cf.control.id),)


def _risk_hit(facts: AuditFacts, rf: RiskFacts, message: str) -> Hit:
    return Hit(rf.risk.id, message, rf.risk.loc, _risk_path(facts, rf))


def _control_hit(facts: AuditFacts, cf: ControlFacts, message: str) -> Hit:
    return Hit(cf.control.id, message, cf.control.loc, _control_path(facts, cf))


def _at_appetite(rf: RiskFacts) -> str:
    score = rf.score
    return msg.AUDIT_AT_APPETITE.format(
        basis=score.basis, besaran=score.current.besaran, appetite=score.appetite
    )


# --------------------------------------------------------------------------- risk rules


def zi101_risk_without_owner(facts: AuditFacts) -> Iterator[Hit]:
    """ZI101 (error): the risk names no owner (*pemilik risiko*)."""
    for rf in facts.risks:
        if rf.risk.owner is None:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_OWNER)


def zi102_no_control(facts: AuditFacts) -> Iterator[Hit]:
    """ZI102 (error): a risk at or above appetite has no control at all; retired ones do not
    count. The root finding: ZI103-ZI105 are not repeated where it fires."""
    for rf in facts.risks:
        if rf.at_appetite and not rf.live:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_CONTROL.format(risk=_at_appetite(rf)))


def zi103_no_cover(facts: AuditFacts) -> Iterator[Hit]:
    """ZI103 (error): a risk at or above appetite has neither an implemented adequate control
    nor a planned (or in-progress) control with a due date."""
    for rf in facts.risks:
        if rf.at_appetite and not rf.has_effective and not rf.has_planned_with_due:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_COVER.format(risk=_at_appetite(rf)))


def zi104_no_preventive(facts: AuditFacts) -> Iterator[Hit]:
    """ZI104 (warning): a risk at or above appetite has no preventive control, implemented or
    planned."""
    for rf in facts.risks:
        if rf.at_appetite and not rf.has_preventive:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_PREVENTIVE.format(risk=_at_appetite(rf)))


def zi105_no_detective(facts: AuditFacts) -> Iterator[Hit]:
    """ZI105 (warning): a risk at or above appetite has no detective control, implemented or
    planned."""
    for rf in facts.risks:
        if rf.at_appetite and not rf.has_detective:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_DETECTIVE.format(risk=_at_appetite(rf)))


def zi106_no_residual(facts: AuditFacts) -> Iterator[Hit]:
    """ZI106 (warning): the risk has an inherent but no residual assessment. A register that
    derives residuals (``residual_method``) has one for every risk, so this never fires there."""
    for rf in facts.risks:
        if rf.score.residual is None and rf.score.derived is None:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_RESIDUAL)


def zi107_residual_above_inherent(facts: AuditFacts) -> Iterator[Hit]:
    """ZI107 (error): the judged residual besaran is above the inherent besaran."""
    for rf in facts.risks:
        residual, inherent = rf.score.residual, rf.score.inherent
        if residual is not None and residual.besaran > inherent.besaran:
            text = msg.AUDIT_RESIDUAL_ABOVE.format(
                residual=residual.besaran, inherent=inherent.besaran
            )
            yield _risk_hit(facts, rf, text)


def zi108_unearned_residual(facts: AuditFacts) -> Iterator[Hit]:
    """ZI108 (error): the judged residual is below the inherent while no implemented,
    non-retired control mitigates the risk: credit taken for controls that do not exist."""
    for rf in facts.risks:
        residual, inherent = rf.score.residual, rf.score.inherent
        if residual is not None and residual.besaran < inherent.besaran and not rf.has_implemented:
            text = msg.AUDIT_RESIDUAL_UNEARNED.format(
                residual=residual.besaran, inherent=inherent.besaran
            )
            yield _risk_hit(facts, rf, text)


def zi109_accepted_without_acceptance(facts: AuditFacts) -> Iterator[Hit]:
    """ZI109 (error): treatment ``accept`` (*terima*) of a risk at or above appetite without a
    recorded acceptance (approver, date, rationale)."""
    for rf in facts.risks:
        risk = rf.risk
        if risk.treatment is Treatment.ACCEPT and rf.at_appetite and risk.acceptance is None:
            yield _risk_hit(facts, rf, msg.AUDIT_NO_ACCEPTANCE.format(risk=_at_appetite(rf)))


# --------------------------------------------------------------------------- control rules


def _status(cf: ControlFacts) -> str:
    return cf.control.status.label("en")


def zi201_control_without_owner(facts: AuditFacts) -> Iterator[Hit]:
    """ZI201 (error): a live (not retired) control names no owner (*penanggung jawab*)."""
    for cf in facts.controls:
        if cf.is_live and cf.control.owner is None:
            text = msg.AUDIT_CONTROL_NO_OWNER.format(status=_status(cf))
            yield _control_hit(facts, cf, text)


def zi202_open_without_due(facts: AuditFacts) -> Iterator[Hit]:
    """ZI202 (error): a planned or in-progress control has no due date."""
    for cf in facts.controls:
        if cf.is_open and cf.control.due is None:
            yield _control_hit(facts, cf, msg.AUDIT_NO_DUE.format(status=_status(cf)))


def zi203_overdue(facts: AuditFacts) -> Iterator[Hit]:
    """ZI203 (error): a planned or in-progress control is past its due date (due before
    ``as_of``)."""
    for cf in facts.controls:
        due = cf.control.due
        if cf.is_open and due is not None and due.date < facts.as_of:
            text = msg.AUDIT_OVERDUE.format(
                status=_status(cf), due=due.date.isoformat(), as_of=facts.as_of.isoformat()
            )
            yield _control_hit(facts, cf, text)


def zi204_no_evidence(facts: AuditFacts) -> Iterator[Hit]:
    """ZI204 (warning): an implemented control has no evidence (*bukti dukung*)."""
    for cf in facts.controls:
        if cf.is_implemented and not cf.control.evidence:
            yield _control_hit(facts, cf, msg.AUDIT_NO_EVIDENCE)


def zi205_stale_evidence(facts: AuditFacts) -> Iterator[Hit]:
    """ZI205 (warning): an implemented control's newest evidence is older than
    ``evidence_max_age_days`` (365), or none of it is dated by ``as_of``."""
    limit = facts.threshold("evidence_max_age_days")
    as_of = facts.as_of.isoformat()
    for cf in facts.controls:
        if not cf.is_implemented or not cf.control.evidence:
            continue
        newest = cf.newest_evidence
        if newest is None:
            yield _control_hit(facts, cf, msg.AUDIT_EVIDENCE_UNDATED.format(as_of=as_of))
        elif facts.age(newest) > limit:
            text = msg.AUDIT_EVIDENCE_OLD.format(
                date=newest.isoformat(), days=facts.age(newest), as_of=as_of, limit=limit
            )
            yield _control_hit(facts, cf, text)


def zi206_untested(facts: AuditFacts) -> Iterator[Hit]:
    """ZI206 (warning): an implemented control was never tested by ``as_of``, its last test was
    not effective, or its last test is older than ``test_max_age_days`` (365)."""
    limit = facts.threshold("test_max_age_days")
    as_of = facts.as_of.isoformat()
    for cf in facts.controls:
        if not cf.is_implemented:
            continue
        day, result = cf.latest_test_date, cf.latest_test_result
        if day is None or result is None:
            yield _control_hit(facts, cf, msg.AUDIT_NEVER_TESTED.format(as_of=as_of))
        elif result is not TestResult.EFFECTIVE:
            text = msg.AUDIT_TEST_RESULT.format(date=day.isoformat(), result=result.label("en"))
            yield _control_hit(facts, cf, text)
        elif facts.age(day) > limit:
            text = msg.AUDIT_TEST_OLD.format(
                date=day.isoformat(), days=facts.age(day), as_of=as_of, limit=limit
            )
            yield _control_hit(facts, cf, text)


def zi207_self_review(facts: AuditFacts) -> Iterator[Hit]:
    """ZI207 (warning): a live detective control is operated by the owner of a risk it
    mitigates, so the risk owner reviews their own work (self-review)."""
    for cf in facts.controls:
        control = cf.control
        owner = control.owner
        if not cf.is_live or control.type is not ControlType.DETECTIVE or owner is None:
            continue
        own = [
            rf
            for rid in cf.risks
            if (rf := facts.risks_by_id.get(rid)) is not None and rf.risk.owner == owner
        ]
        if own:
            text = msg.AUDIT_SELF_REVIEW.format(
                owner=owner, risks=", ".join(rf.risk.id for rf in own)
            )
            path = (*_risk_path(facts, own[0]), ("control", control.id), ("owner", owner))
            yield Hit(control.id, text, control.loc, path)


# --------------------------------------------------------------------------- register rules


def zi301_service_without_risk(facts: AuditFacts) -> Iterator[Hit]:
    """ZI301 (warning): a service has no fraud risk identified."""
    exposed = {rf.risk.service for rf in facts.risks}
    for service in facts.register.services:
        if service.id not in exposed:
            path = (("unit", service.unit), ("service", service.id))
            yield Hit(service.id, msg.AUDIT_NO_RISK, service.loc, path)


def zi302_single_point(facts: AuditFacts) -> Iterator[Hit]:
    """ZI302 (info): one control is the only implemented adequate control of two or more risks
    at or above appetite, a single point of failure (see :func:`zi_risk.graph.failure_impact`)."""
    sole: dict[str, list[RiskFacts]] = {}
    for rf in facts.risks:
        if rf.at_appetite:
            effective = rf.effective
            if len(effective) == 1:
                sole.setdefault(effective[0].id, []).append(rf)
    for cf in facts.controls:
        control = cf.control
        risks = sole.get(control.id, [])
        if len(risks) >= 2:
            text = msg.AUDIT_SINGLE_POINT.format(
                count=len(risks), risks=", ".join(rf.risk.id for rf in risks)
            )
            path: tuple[NodeKey, ...] = _risk_path(facts, risks[0])
            for rf in risks[1:]:
                path = (*path, ("control", control.id), ("risk", rf.risk.id))
            yield Hit(control.id, text, control.loc, path)


def _is_conflict_of_interest(rf: RiskFacts) -> bool:
    risk = rf.risk
    return (
        risk.scheme is Scheme.BENTURAN_KEPENTINGAN or RiskGroup.PROCUREMENT_CONFLICT in risk.group
    )


def zi303_no_conflict_of_interest(facts: AuditFacts) -> Iterator[Hit]:
    """ZI303 (info): no risk on any service of the unit is a conflict of interest (scheme
    ``benturan_kepentingan`` or group ``procurement_conflict``); LKE ZI Penguatan Pengawasan
    v.a asks that conflicts of interest be mapped in every core function."""
    mapped = {rf.unit for rf in facts.risks if _is_conflict_of_interest(rf)}
    for unit in facts.register.units:
        if unit.id not in mapped:
            yield Hit(unit.id, msg.AUDIT_NO_COI, unit.loc, (("unit", unit.id),))


def zi304_owner_overload(facts: AuditFacts) -> Iterator[Hit]:
    """ZI304 (info): an owner operates more than ``max_controls_per_owner`` (15) live
    controls."""
    limit = facts.threshold("max_controls_per_owner")
    load: dict[str, int] = {}
    for cf in facts.controls:
        operator = cf.control.owner
        if cf.is_live and operator is not None:
            load[operator] = load.get(operator, 0) + 1
    for owner in facts.register.owners:
        count = load.get(owner.id, 0)
        if count > limit:
            head: tuple[NodeKey, ...] = (("unit", owner.unit),) if owner.unit else ()
            text = msg.AUDIT_OWNER_LOAD.format(count=count, limit=limit)
            yield Hit(owner.id, text, owner.loc, (*head, ("owner", owner.id)))


RULES: tuple[Rule, ...] = (
    Rule("ZI101", "error", zi101_risk_without_owner),
    Rule("ZI102", "error", zi102_no_control),
    Rule("ZI103", "error", zi103_no_cover),
    Rule("ZI104", "warning", zi104_no_preventive),
    Rule("ZI105", "warning", zi105_no_detective),
    Rule("ZI106", "warning", zi106_no_residual),
    Rule("ZI107", "error", zi107_residual_above_inherent),
    Rule("ZI108", "error", zi108_unearned_residual),
    Rule("ZI109", "error", zi109_accepted_without_acceptance),
    Rule("ZI201", "error", zi201_control_without_owner),
    Rule("ZI202", "error", zi202_open_without_due),
    Rule("ZI203", "error", zi203_overdue),
    Rule("ZI204", "warning", zi204_no_evidence),
    Rule("ZI205", "warning", zi205_stale_evidence),
    Rule("ZI206", "warning", zi206_untested),
    Rule("ZI207", "warning", zi207_self_review),
    Rule("ZI301", "warning", zi301_service_without_risk),
    Rule("ZI302", "info", zi302_single_point),
    Rule("ZI303", "info", zi303_no_conflict_of_interest),
    Rule("ZI304", "info", zi304_owner_overload),
)
"""Every audit rule, in code order. A code is never reused for another meaning."""

_BY_CODE: Mapping[str, Rule] = {r.code: r for r in RULES}
_CODE_RANGE = f"{RULES[0].code}-{RULES[-1].code}"
_ROOT = "ZI102"
_SUPPRESSED_BY_ROOT = frozenset({"ZI103", "ZI104", "ZI105"})


def rule(code: str) -> Rule:
    """The rule with ``code``.

    Raises:
        UsageError: no rule has that code.

    Examples:
        >>> rule("ZI203").title
        'planned or in-progress control past its due date'
    """
    _check_code(code)
    return _BY_CODE[code]


# --------------------------------------------------------------------------- the audit


@attrs.frozen(kw_only=True)
class Audit:
    """The result of :func:`check_coverage`: sorted findings, metrics, and the coverage matrix.

    ``findings`` are sorted by file, line (or data path), code and subject.
    """

    as_of: dt.date
    findings: tuple[Finding, ...]
    metrics: Metrics
    config: AuditConfig
    facts: AuditFacts = attrs.field(eq=False, repr=False)

    @property
    def register(self) -> Register:
        """The register that was audited."""
        return self.facts.register

    def count(self, severity: str) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity == severity)

    def codes(self) -> dict[str, int]:
        """Findings per code, in code order, codes without findings left out."""
        counts: dict[str, int] = {}
        for f in sorted(self.findings, key=lambda f: f.code):
            counts[f.code] = counts.get(f.code, 0) + 1
        return counts

    def fails(self, fail_on: str) -> bool:
        """Whether a finding at or above ``fail_on`` exists (``never`` never fails).

        Raises:
            UsageError: ``fail_on`` is not a severity nor ``never``.
        """
        if fail_on == "never":
            return False
        if fail_on not in _RANK:
            raise UsageError(msg.AUDIT_BAD_LEVEL.format(level=fail_on, code="--fail-on"))
        least = _RANK[fail_on]
        return any(_RANK[f.severity] >= least for f in self.findings)

    def coverage_matrix(self, unit_id: str) -> CoverageMatrix:
        """Risk x control coverage of one unit (see :func:`zi_risk.metrics.coverage_matrix`).

        Raises:
            UsageError: the register has no unit ``unit_id``.
        """
        return coverage_matrix(self.facts, unit_id)


def check_coverage(
    register: Register, as_of: dt.date | None = None, config: AuditConfig | None = None
) -> Audit:
    """Audit ``register``'s control coverage as of ``as_of`` (default: its period end).

    ``config`` replaces the register's ``audit:`` section when given; to layer on
    top of it, pass ``AuditConfig.from_register(register).override(...)``.

    Raises:
        LoadError: the register's ``audit:`` section names an unknown code or threshold.
    """
    with bulk():
        return _check_coverage(register, as_of, config)


def _check_coverage(register: Register, as_of: dt.date | None, config: AuditConfig | None) -> Audit:
    cfg = config if config is not None else AuditConfig.from_register(register)
    day = as_of if as_of is not None else register.period_end
    facts = gather_facts(register, day, cfg.threshold_values)
    found: list[Finding] = []
    for r in RULES:
        if not cfg.enabled(r.code):
            continue
        severity = cfg.severity_of(r.code)
        found.extend(
            Finding(
                code=r.code,
                severity=severity,
                subject=h.subject,
                message=h.message,
                location=h.location,
                path=h.path,
            )
            for h in r.check(facts)
        )
    roots = {f.subject for f in found if f.code == _ROOT}
    if roots:
        found = [f for f in found if not (f.code in _SUPPRESSED_BY_ROOT and f.subject in roots)]
    natural = functools.cache(_natural)  # local: the same ids recur across rules
    found.sort(key=lambda f: f.sort_key(natural))
    findings = tuple(found)
    metrics = compute_metrics(facts, ((f.unit, f.severity) for f in findings))
    return Audit(as_of=day, findings=findings, metrics=metrics, config=cfg, facts=facts)
