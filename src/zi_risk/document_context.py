"""The shared context of the document builders: scope, scores, labels, shared parts.

:class:`_Context` holds what every builder needs (the scoped register, its index,
scores and labels) and computes once what several documents show: the unit
groups of risk views, the signature block, the band table, the risk maps and the
audit findings.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from . import messages as msg
from .charts import CellInput, heat_grid, ink
from .coverage import Audit, check_coverage
from .criteria import Band, RiskCriteria
from .errors import UsageError
from .i18n import Catalogue, catalogue
from .model import Control, Due, Register, RegisterIndex, Risk, Unit
from .scoring import Score, score_register
from .views import (
    BandRow,
    ControlView,
    EvidenceView,
    FindingView,
    Head,
    Level,
    MapCellText,
    MapRowText,
    PlanRow,
    RiskMap,
    RiskView,
    Signatory,
    SignatureBlock,
    UnitGroup,
)
from .vocab import ControlStatus, RiskGroup, Scheme

__all__ = ["scope"]

_OPEN = (ControlStatus.PLANNED, ControlStatus.IN_PROGRESS)
_DASH = "–"


# --------------------------------------------------------------------------- scope


def scope(register: Register, unit: str | None) -> Register:
    """The part of ``register`` that one unit's documents show, or the whole register.

    The unit's services, their risks and the controls that mitigate them are
    kept; owners are all kept (they are few and name positions). One linear pass,
    so one unit of a very large register is cut out quickly.

    Raises:
        UsageError: the register has no unit ``unit``.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> reg = (RegisterBuilder().service("a", unit="u1").service("b", unit="u2")
        ...        .risk("R-1", service="a").risk("R-2", service="b").build())
        >>> [r.id for r in scope(reg, "u2").risks]
        ['R-2']
    """
    if unit is None:
        return register
    found = next((u for u in register.units if u.id == unit), None)
    if found is None:
        known = ", ".join(u.id for u in register.units) or "none"
        raise UsageError(msg.RENDER_BAD_UNIT.format(unit=unit, choices=known))
    services = tuple(s for s in register.services if s.unit == unit)
    service_ids = {s.id for s in services}
    risks = tuple(r for r in register.risks if r.service in service_ids)
    risk_ids = {r.id for r in risks}
    controls = tuple(c for c in register.controls if not risk_ids.isdisjoint(c.mitigates))
    return attrs.evolve(register, units=(found,), services=services, risks=risks, controls=controls)


# --------------------------------------------------------------------------- context


class _Context:
    """What every builder needs: the scoped register, its index, scores and labels."""

    def __init__(self, register: Register, lang: str, unit: str | None) -> None:
        self.full = register
        self.register = scope(register, unit)
        self.unit: Unit | None = self.register.units[0] if unit is not None else None
        self.t: Catalogue = catalogue(lang)
        self.lang = lang
        self.index: RegisterIndex = self.register.index()
        self.scores = score_register(self.register)
        self.criteria: RiskCriteria = self.register.criteria
        self.service_unit = {s.id: s.unit for s in self.register.services}
        self._levels: dict[tuple[int, int, str], Level] = {}
        by_risk: dict[str, list[Control]] = {}
        for control in self.register.controls:
            for rid in control.mitigates:
                by_risk.setdefault(rid, []).append(control)
        self.controls_of = by_risk
        self._control_views: dict[str, ControlView] = {}

    @functools.cached_property
    def groups(self) -> tuple[tuple[UnitGroup, ...], dict[str, RiskView]]:
        """The risk views grouped by unit, and the risk views by id."""
        return _groups(self)

    @functools.cached_property
    def audit(self) -> Audit:
        """The coverage audit of the scoped register, as of the end of its period."""
        return check_coverage(self.register)

    # -- small formatters
    def position(self, owner_id: str | None) -> str:
        if owner_id is None:
            return _DASH
        owner = self.index.owners.get(owner_id)
        return owner.position if owner is not None else owner_id

    def due(self, due: Due | None) -> str:
        if due is None:
            return _DASH
        if due.quarter is not None:
            return self.t.quarter(due.quarter, due.date.year)
        return self.t.date(due.date)

    def date(self, day: dt.date | None) -> str:
        return _DASH if day is None else self.t.date(day)

    def level(self, s: Score) -> Level:
        key = (s.likelihood, s.impact, s.method or "")
        found = self._levels.get(key)
        if found is None:
            found = self._levels[key] = Level(
                likelihood=s.likelihood,
                impact=s.impact,
                besaran=s.besaran,
                band=s.band.name(self.lang),
                level=s.band.level,
                colour=s.band.colour,
                ink=ink(s.band.colour),
                method=s.method or "",
            )
        return found

    def period(self) -> str:
        reg = self.register
        if reg.quarter is None:
            return self.t.text("period_year", year=reg.year)
        return self.t.text("period_quarter", year=reg.year, quarter=self.t.quarter(reg.quarter))

    def unit_name(self, unit_id: str | None) -> str:
        if unit_id is None:
            return _DASH
        unit = self.index.units.get(unit_id)
        return unit.name if unit is not None else unit_id

    def head(self, kind: str, title: str) -> Head:
        unit = self.unit
        running = self.register.organisation
        if unit is not None:
            running = f"{unit.name} {_DASH} {running}"
        return Head(
            lang=self.lang,
            kind=kind,
            title=title,
            organisation=self.register.organisation,
            unit=unit.name if unit is not None else "",
            unit_id=unit.id if unit is not None else "",
            period=self.period(),
            running=f"{title} {_DASH} {running}, {self.period()}",
        )

    def control(self, control: Control, in_scope: set[str] | None = None) -> ControlView:
        found = self._control_views.get(control.id)
        if found is not None:
            return found
        t = self.t
        mitigates = tuple(r for r in control.mitigates if in_scope is None or r in in_scope)
        tests = tuple(
            t.text(
                "test_line",
                date=t.date(test.date),
                result=test.result.label(self.lang),
                by=self.position(test.by),
            )
            for test in sorted(control.tests, key=lambda x: x.date)
        )
        view = ControlView(
            id=control.id,
            name=control.name,
            description=control.description or "",
            type=control.type.label(self.lang),
            status=control.status.label(self.lang),
            adequacy=control.adequacy.label(self.lang),
            exists=t["exists_yes"]
            if control.status is ControlStatus.IMPLEMENTED
            else t["exists_no"],
            owner=self.position(control.owner),
            due=self.due(control.due),
            due_key=control.due.date.isoformat() if control.due is not None else "9999",
            indicator=control.indicator or _DASH,
            budget=t.rupiah(control.budget) if control.budget is not None else _DASH,
            budget_value=control.budget or 0,
            evidence=tuple(
                EvidenceView(
                    control=control.id,
                    title=e.title,
                    date=self.date(e.date),
                    ref=e.ref or _DASH,
                )
                for e in control.evidence
            ),
            tests=tests,
            mitigates=mitigates,
            mitigates_text=", ".join(mitigates),
        )
        self._control_views[control.id] = view
        return view


def _labels(items: Iterable[RiskGroup | Scheme], lang: str) -> str:
    return "; ".join(i.label(lang) for i in items)


def _risk_view(ctx: _Context, no: int, risk: Risk, s_index: int) -> RiskView:
    s = ctx.scores[s_index]
    t = ctx.t
    controls = ctx.controls_of.get(risk.id, ())
    existing = tuple(ctx.control(c) for c in controls if c.status is ControlStatus.IMPLEMENTED)
    planned = tuple(ctx.control(c) for c in controls if c.status in _OPEN)
    service = ctx.index.services.get(risk.service)
    residual = s.residual or s.derived
    basis = {"residual": t["basis_residual"], "derived": t["basis_derived"]}.get(
        s.basis, t["basis_inherent"]
    )
    return RiskView(
        no=no,
        id=risk.id,
        name=risk.name,
        scenario=risk.scenario or _DASH,
        step=risk.step or _DASH,
        service=service.name if service is not None else risk.service,
        unit=ctx.unit_name(s.unit),
        causes=risk.causes,
        effects=risk.effects,
        groups=_labels(risk.group, ctx.lang) or _DASH,
        scheme=risk.scheme.label(ctx.lang) if risk.scheme is not None else _DASH,
        owner=ctx.position(risk.owner),
        rationale=risk.inherent.rationale or "",
        inherent=ctx.level(s.inherent),
        residual=ctx.level(residual) if residual is not None else None,
        target=ctx.level(s.target) if s.target is not None else None,
        current=ctx.level(s.current),
        basis=basis,
        appetite=s.appetite,
        above_appetite=s.above_appetite,
        treatment=risk.treatment.label(ctx.lang) if risk.treatment is not None else _DASH,
        exists=t["exists_yes"] if existing else t["exists_no"],
        existing=existing,
        planned=planned,
    )


def _groups(ctx: _Context) -> tuple[tuple[UnitGroup, ...], dict[str, RiskView]]:
    """Risk views grouped by unit (register order of units, then of risks)."""
    per_unit: dict[str, list[tuple[Risk, int]]] = {u.id: [] for u in ctx.register.units}
    orphans: list[tuple[Risk, int]] = []
    for k, s in enumerate(ctx.scores):
        bucket = per_unit.get(s.unit, orphans) if s.unit is not None else orphans
        bucket.append((s.risk, k))
    groups: list[UnitGroup] = []
    views: dict[str, RiskView] = {}
    no = 0
    order = [(u.id, u.name, per_unit[u.id]) for u in ctx.register.units]
    if orphans:
        order.append(("", ctx.t["unit_unknown"], orphans))
    for unit_id, name, items in order:
        rows: list[RiskView] = []
        for risk, k in items:
            no += 1
            view = _risk_view(ctx, no, risk, k)
            views[risk.id] = view
            rows.append(view)
        planned: dict[str, ControlView] = {}
        why: dict[str, list[str]] = {}
        for row in rows:
            for c in row.planned:
                planned.setdefault(c.id, c)
                why.setdefault(c.id, []).append(
                    ctx.t.text("plan_why", id=row.id, name=row.name, level=row.current.text)
                )
        plan = tuple(
            PlanRow(no=n, control=c, risks=tuple(why[c.id]))
            for n, c in enumerate(sorted(planned.values(), key=_control_order), 1)
        )
        groups.append(
            UnitGroup(
                id=unit_id,
                name=name,
                risks=tuple(rows),
                plan=plan,
                budget=ctx.t.rupiah(sum(p.control.budget_value for p in plan)),
            )
        )
    return tuple(g for g in groups if g.risks), views


def _control_order(c: ControlView) -> tuple[str, str]:
    return (c.due_key, c.id)


def _signature(ctx: _Context) -> SignatureBlock:
    t = ctx.t
    reg = ctx.register
    place_date = _DASH
    if reg.signed is not None:
        place_date = f"{reg.signed.place}, {t.date(reg.signed.date)}"

    def signatory(role: str, owner_id: str | None) -> Signatory:
        owner = ctx.index.owners.get(owner_id) if owner_id is not None else None
        return Signatory(
            role=role,
            position=owner.position if owner is not None else t["sign_position_blank"],
            name=owner.name if owner is not None and owner.name else t["sign_name_blank"],
            nip=t.text(
                "sign_nip",
                nip=owner.nip if owner is not None and owner.nip else t["sign_nip_blank"],
            ),
        )

    people: tuple[Signatory, ...]
    if ctx.unit is not None:
        people = (signatory(t["sign_unit_head"], ctx.unit.head),)
    else:
        people = (
            signatory(t["sign_prepared"], reg.prepared_by),
            signatory(t["sign_approved"], reg.approved_by),
        )
    return SignatureBlock(place_date=place_date, signatories=people)


def _band_rows(ctx: _Context) -> tuple[BandRow, ...]:
    inherent = Counter(s.inherent.band.level for s in ctx.scores)
    current = Counter(s.current.band.level for s in ctx.scores)
    return tuple(
        _band_row(ctx, b, inherent[b.level], current[b.level])
        for b in sorted(ctx.criteria.bands, key=lambda b: -b.level)
    )


def _band_row(ctx: _Context, band: Band, inherent: int, residual: int) -> BandRow:
    return BandRow(
        level=band.level,
        name=band.name(ctx.lang),
        range=f"{band.low}{_DASH}{band.high}" if band.low != band.high else str(band.low),
        colour=band.colour,
        colour_name=ctx.t.colour(band.colour),
        ink=ink(band.colour),
        action=band.action(ctx.lang),
        inherent=inherent,
        residual=residual,
    )


def _risk_map(ctx: _Context, which: str, views: Mapping[str, RiskView]) -> RiskMap:
    t = ctx.t
    c = ctx.criteria
    cells: dict[tuple[int, int], list[str]] = {}
    for s in ctx.scores:
        score_ = s.inherent if which == "inherent" else s.current
        cells.setdefault((score_.likelihood, score_.impact), []).append(s.id)
    inputs = []
    text_rows = []
    for lv in reversed(c.likelihood):
        row = []
        for iv in c.impact:
            b = c.besaran(lv.value, iv.value)
            band = c.band_of(b)
            codes = tuple(cells.get((lv.value, iv.value), ()))
            inputs.append(
                CellInput(
                    likelihood=lv.value,
                    impact=iv.value,
                    besaran=b,
                    band=band.name(ctx.lang),
                    colour=band.colour,
                    codes=codes,
                )
            )
            row.append(
                MapCellText(
                    besaran=b, band=band.name(ctx.lang), count=len(codes), codes=", ".join(codes)
                )
            )
        text_rows.append(
            MapRowText(value=lv.value, name=t.choose(lv.name_id, lv.name_en), cells=tuple(row))
        )
    grid = heat_grid(
        inputs,
        likelihood_names=[t.choose(lv.name_id, lv.name_en) for lv in c.likelihood],
        impact_names=[t.choose(lv.name_id, lv.name_en) for lv in c.impact],
        row_title=t["map_axis_likelihood"],
        col_title=t["map_axis_impact"],
        more=t["map_more"],
    )
    note = t["map_note_inherent"] if which == "inherent" else t["map_note_residual"]
    return RiskMap(
        id=which,
        title=t[f"map_title_{which}"],
        note=note,
        grid=grid,
        rows=tuple(text_rows),
        truncated=any(cell.more is not None for cell in grid.cells),
    )


def _maps(ctx: _Context, views: Mapping[str, RiskView]) -> tuple[RiskMap, ...]:
    return (_risk_map(ctx, "inherent", views), _risk_map(ctx, "residual", views))


# --------------------------------------------------------------------------- findings


def _path_text(path: Sequence[tuple[str, str]]) -> str:
    return " → ".join(ident for _, ident in path)


def _finding_views(ctx: _Context, audit: Audit) -> tuple[FindingView, ...]:
    t = ctx.t
    return tuple(
        FindingView(
            code=f.code,
            severity=t[f"severity_{f.severity}"],
            severity_key=f.severity,
            subject=f.subject,
            message=f"{t[f'rule_{f.code}']}: {f.message}",
            location=f.where,
            path=_path_text(f.path),
        )
        for f in audit.findings
    )


def _summary(ctx: _Context, audit: Audit) -> str:
    return ctx.t.text(
        "findings_summary",
        errors=audit.count("error"),
        warnings=audit.count("warning"),
        infos=audit.count("info"),
        as_of=ctx.t.date(audit.as_of),
    )


def _findings(ctx: _Context) -> tuple[tuple[FindingView, ...], str]:
    audit = ctx.audit
    return _finding_views(ctx, audit), _summary(ctx, audit)
