"""The auditor's (APIP) report: metrics, a chart, coverage matrices, findings, failure impact."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from .charts import bar_chart
from .coverage import SEVERITIES, Audit
from .document_context import _DASH, _Context, _finding_views, _signature, _summary
from .facts import AuditFacts, ControlFacts, RiskFacts
from .graph import build_graph, failure_impact
from .i18n import Catalogue
from .metrics import UnitMetrics, coverage_matrix
from .model import Register
from .views import (
    AuditView,
    CoverageRow,
    CoverageView,
    FailureRow,
    LegendEntry,
    LevelCountRow,
    MatrixMark,
    MetricRow,
    RiskView,
    SeverityGroup,
)

__all__ = ["audit_view"]

_CELL_MARKS: Mapping[str, str] = {
    "implemented": "●",
    "inadequate": "◐",
    "unassessed": "○",
    "planned": "P",
    "overdue": "!",
    "no_due": "?",
    "retired": "×",
}
"""The mark printed in a coverage-matrix cell for each state (see ``docs/documents.md``)."""

_FAILURE_TOP = 10
_MATRIX_COLUMNS = 14
"""Controls per coverage-matrix table, so that a table fits the width of A4 landscape."""


def _share(t: Catalogue, part: int, whole: int) -> str:
    if not whole:
        return _DASH
    return f"{t.percent(part / whole)} ({part}/{whole})"


def _metric_row(ctx: _Context, m: UnitMetrics, name: str, total: bool) -> MetricRow:
    t = ctx.t
    return MetricRow(
        unit=name,
        risks=m.risks,
        at_appetite=m.at_appetite,
        effective=_share(t, m.with_effective_control, m.at_appetite),
        both_types=_share(t, m.with_both_types, m.at_appetite),
        on_time=_share(t, m.open_on_time, m.open_controls),
        fresh_evidence=_share(t, m.fresh_evidence, m.implemented_controls),
        tested=_share(t, m.tested, m.implemented_controls),
        errors=m.errors,
        warnings=m.warnings,
        infos=m.infos,
        is_total=total,
    )


def _matrices(
    ctx: _Context, audit: Audit, views: Mapping[str, RiskView]
) -> tuple[CoverageView, ...]:
    facts = audit.facts
    unit_risks: dict[str | None, list[RiskFacts]] = {}
    for rf in facts.risks:
        unit_risks.setdefault(rf.unit, []).append(rf)
    unit_controls: dict[str, list[ControlFacts]] = {}
    for cf in facts.controls:
        for u in cf.units:
            unit_controls.setdefault(u, []).append(cf)
    service_names = {sv.id: sv.name for sv in ctx.register.services}
    out: list[CoverageView] = []
    for unit in ctx.register.units:
        risks = unit_risks.get(unit.id)
        if not risks:
            continue
        controls = unit_controls.get(unit.id, [])
        if len(controls) <= _MATRIX_COLUMNS:
            out.extend(_matrix_views(ctx, facts, views, unit.id, unit.name, risks, controls))
            continue
        # a large unit: one matrix per service keeps the size linear in the register
        by_service: dict[str, list[RiskFacts]] = {}
        for rf in risks:
            by_service.setdefault(rf.risk.service, []).append(rf)
        for service_id, service_risks in by_service.items():
            wanted = {rf.risk.id for rf in service_risks}
            cols = [cf for cf in controls if not wanted.isdisjoint(cf.risks)]
            title = f"{unit.name} {_DASH} {service_names.get(service_id, service_id)}"
            out.extend(_matrix_views(ctx, facts, views, unit.id, title, service_risks, cols))
    return tuple(out)


def _matrix_views(
    ctx: _Context,
    facts: AuditFacts,
    views: Mapping[str, RiskView],
    unit_id: str,
    title: str,
    risks: Sequence[RiskFacts],
    controls: Sequence[ControlFacts],
) -> list[CoverageView]:
    """The coverage matrix of these risks and controls, cut into pages of columns."""
    # from the facts of these records only: linear in the register
    part = attrs.evolve(facts, risks=tuple(risks), controls=tuple(controls))
    m = coverage_matrix(part, unit_id)
    rows = tuple(
        CoverageRow(
            risk=rid,
            name=views[rid].name,
            level=views[rid].current,
            at_appetite=above,
            cells=tuple(
                MatrixMark(mark=_CELL_MARKS[c], state=c) if c is not None else _EMPTY_MARK
                for c in cells
            ),
        )
        for rid, above, cells in zip(m.risks, m.at_appetite, m.cells, strict=True)
    )
    width = len(m.controls)
    out = []
    for start in range(0, max(width, 1), _MATRIX_COLUMNS):
        stop = min(start + _MATRIX_COLUMNS, width)
        heading = title
        if width > _MATRIX_COLUMNS:
            heading = ctx.t.text("matrix_part", unit=title, first=start + 1, last=stop, total=width)
        out.append(
            CoverageView(
                unit=heading,
                controls=m.controls[start:stop],
                rows=tuple(attrs.evolve(r, cells=r.cells[start:stop]) for r in rows),
            )
        )
    return out


_EMPTY_MARK = MatrixMark(mark="", state="")


def _failures(ctx: _Context, audit: Audit) -> tuple[FailureRow, ...]:
    """The controls whose failure leaves the most risk without an adequate control.

    A control can only have a failure impact where it is the sole implemented
    adequate control of some risk; those candidates are found in one pass over the
    audit facts, and :func:`zi_risk.graph.failure_impact` is asked about them on the
    graph of their risks only.
    """
    facts = audit.facts
    sole: dict[str, list[RiskFacts]] = {}
    for rf in facts.risks:
        effective = rf.effective
        if len(effective) == 1:
            sole.setdefault(effective[0].id, []).append(rf)
    if not sole:
        return ()
    wanted = {rf.risk.id for rfs in sole.values() for rf in rfs}
    services = {rf.risk.service for rfs in sole.values() for rf in rfs}
    reg = ctx.register
    kept = tuple(s for s in reg.services if s.id in services)
    unit_ids = {s.unit for s in kept}
    part = attrs.evolve(
        reg,
        units=tuple(u for u in reg.units if u.id in unit_ids),
        services=kept,
        risks=tuple(r for r in reg.risks if r.id in wanted),
        controls=tuple(c for c in reg.controls if not wanted.isdisjoint(c.mitigates)),
        owners=(),
    )
    graph = build_graph(part)
    by_id = facts.risks_by_id
    rows = []
    for c in reg.controls:
        if c.id not in sole:
            continue
        hit = failure_impact(graph, c.id)
        exposed = [by_id[i.risk.id] for i in hit]
        rows.append(
            FailureRow(
                control=c.id,
                name=c.name,
                owner=ctx.position(c.owner),
                risks=", ".join(f"{f.risk.id} ({f.score.current.besaran})" for f in exposed),
                services=", ".join(dict.fromkeys(i.service.name for i in hit if i.service)),
                units=", ".join(dict.fromkeys(i.unit.name for i in hit if i.unit)),
                count=len(exposed),
                above=sum(1 for f in exposed if f.at_appetite),
                besaran=sum(f.score.current.besaran for f in exposed),
            )
        )
    rows.sort(key=lambda r: (-r.above, -r.besaran, -r.count, r.control))
    return tuple(rows[:_FAILURE_TOP])


def audit_view(register: Register, lang: str = "id", unit: str | None = None) -> AuditView:
    """The view of the auditor's report: metrics, a chart, coverage, findings, failure impact.

    The audit is :func:`zi_risk.coverage.check_coverage` of the register (or of
    the unit), as of the end of the register's period, never today.
    """
    return _audit_view(_Context(register, lang, unit))


def _audit_view(ctx: _Context) -> AuditView:
    t = ctx.t
    lang = ctx.lang
    audit = ctx.audit
    groups, views = ctx.groups
    names = {u.id: u.name for u in ctx.register.units}
    metrics = tuple(
        _metric_row(ctx, m, names.get(m.unit or "", t["unit_unknown"]), False)
        for m in audit.metrics.units
    )
    metrics += (_metric_row(ctx, audit.metrics.total, t["total"], True),)
    bands = sorted(ctx.criteria.bands, key=lambda b: b.level)
    level_rows = []
    for g in groups:
        per_level = Counter(r.current.level for r in g.risks)
        counts = tuple(per_level[b.level] for b in bands)
        level_rows.append(LevelCountRow(unit=g.name, counts=counts, total=len(g.risks)))
    chart = bar_chart(
        [(row.unit, row.counts) for row in level_rows],
        [(b.name(lang), b.colour) for b in bands],
    )
    findings = _finding_views(ctx, audit)
    severities = tuple(
        SeverityGroup(
            key=sev,
            label=t[f"severity_{sev}_plural"],
            findings=tuple(f for f in findings if f.severity_key == sev),
        )
        for sev in SEVERITIES
    )
    legend = tuple(
        LegendEntry(mark=mark, state=state, text=t[f"cell_{state}"])
        for state, mark in _CELL_MARKS.items()
    )
    return AuditView(
        head=ctx.head("audit", t["doc_audit"]),
        as_of=t.date(audit.as_of),
        summary=_summary(ctx, audit),
        metrics=metrics,
        chart=chart,
        level_names=tuple(b.name(lang) for b in bands),
        level_rows=tuple(level_rows),
        matrices=_matrices(ctx, audit, views),
        legend=legend,
        severities=severities,
        failures=_failures(ctx, audit),
        signature=_signature(ctx),
    )
