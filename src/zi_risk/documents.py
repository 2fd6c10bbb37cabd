"""View data of the documents: every row sorted, every label chosen, every number formatted.

Templates receive these frozen records and only loop and test; they never sort,
compute, look anything up or read a clock. One function per document kind
builds its view from a register (or from one unit of it) in one linear pass:

* :func:`register_view` — the full *register risiko* (cover, context, the five
  sheets, the risk maps, the annexes);
* :func:`rtp_view` — the *Rencana Tindak Pengendalian* (treatment plan) alone;
* :func:`audit_view` — the auditor's (APIP) report;
* :func:`heatmap_view` — the *peta risiko* (risk map) alone.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder(appetite=11)
    ...        .risk("R-1", likelihood=4, impact=4, residual=(2, 3), name="Pungli KTP")
    ...        .control("C-1", mitigates=["R-1"], adequacy="adequate")
    ...        .build())
    >>> doc = register_view(reg, "id")
    >>> row = doc.groups[0].risks[0]
    >>> row.id, row.inherent.text, row.residual.text, row.exists
    ('R-1', '19 Tinggi', '11 Sedang', 'Ada')
    >>> [(c.besaran, c.count) for c in doc.maps[0].grid.cells if c.count]
    [(19, 1)]
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from . import messages as msg
from .charts import BarChart, CellInput, HeatGrid, Label, bar_chart, heat_grid, ink
from .coverage import SEVERITIES, Audit, check_coverage
from .criteria import Band, RiskCriteria
from .errors import UsageError
from .facts import AuditFacts, ControlFacts, RiskFacts
from .graph import build_graph, failure_impact
from .i18n import Catalogue, catalogue
from .metrics import UnitMetrics, coverage_matrix
from .model import Control, Due, Register, RegisterIndex, Risk, Unit
from .scoring import Score, rank_risks, score_register
from .vocab import ControlStatus, ControlType, RiskGroup, Scheme

__all__ = [
    "KINDS",
    "AuditView",
    "ControlView",
    "HeatmapView",
    "Level",
    "RegisterView",
    "RiskView",
    "RtpView",
    "View",
    "audit_view",
    "build_view",
    "build_views",
    "heatmap_view",
    "register_view",
    "rtp_view",
    "scope",
]

KINDS: tuple[str, ...] = ("register", "rtp", "audit", "heatmap")
"""The document kinds, in the order the command line writes them."""

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


# --------------------------------------------------------------------------- records


@attrs.frozen(kw_only=True)
class Level:
    """A scored assessment as printed: levels, besaran, band name and colours.

    ``method`` names the residual method of a derived residual, else it is empty.
    """

    likelihood: int
    impact: int
    besaran: int
    band: str
    level: int
    colour: str
    ink: str
    method: str = ""

    @property
    def text(self) -> str:
        """``"17 Tinggi"``."""
        return f"{self.besaran} {self.band}"


@attrs.frozen(kw_only=True)
class EvidenceView:
    """A piece of evidence: title, formatted date and reference (path or URL)."""

    control: str
    title: str
    date: str
    ref: str


@attrs.frozen(kw_only=True)
class ControlView:
    """A control with every field as text, positions instead of owner ids."""

    id: str
    name: str
    description: str
    type: str
    status: str
    adequacy: str
    exists: str
    owner: str
    due: str
    due_key: str
    indicator: str
    budget: str
    budget_value: int
    evidence: tuple[EvidenceView, ...]
    tests: tuple[str, ...]
    mitigates: tuple[str, ...]
    mitigates_text: str


@attrs.frozen(kw_only=True)
class RiskView:
    """A risk with its scores, its existing (*terpasang*) and planned (RTP) controls."""

    no: int
    id: str
    name: str
    scenario: str
    step: str
    service: str
    unit: str
    causes: tuple[str, ...]
    effects: tuple[str, ...]
    groups: str
    scheme: str
    owner: str
    rationale: str
    inherent: Level
    residual: Level | None
    target: Level | None
    current: Level
    basis: str
    appetite: int
    above_appetite: bool
    treatment: str
    exists: str
    existing: tuple[ControlView, ...]
    planned: tuple[ControlView, ...]


@attrs.frozen(kw_only=True)
class PlanRow:
    """A planned control of the RTP and the risks of the unit it treats (why it is planned)."""

    no: int
    control: ControlView
    risks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class UnitGroup:
    """The risks (register order) and the planned controls (by due date) of one unit."""

    id: str
    name: str
    risks: tuple[RiskView, ...]
    plan: tuple[PlanRow, ...]
    budget: str


@attrs.frozen(kw_only=True)
class Signatory:
    """One signature column: role line, position, name and NIP (blank lines when unknown)."""

    role: str
    position: str
    name: str
    nip: str


@attrs.frozen(kw_only=True)
class SignatureBlock:
    """Place and date (*tempat, tanggal*) and the signatories, left to right."""

    place_date: str
    signatories: tuple[Signatory, ...]


@attrs.frozen(kw_only=True)
class Identity:
    """The cover's *data umum*: who, what period, under which rules."""

    title: str
    organisation: str
    unit: str
    unit_kind: str
    head: str
    period: str
    year: int
    prepared_by: str
    approved_by: str
    legal_basis: tuple[str, ...]
    counts: str


@attrs.frozen(kw_only=True)
class ServiceView:
    """A service in scope: unit, name, description, steps, and how many risks it has."""

    id: str
    unit: str
    name: str
    description: str
    steps: str
    risks: int


@attrs.frozen(kw_only=True)
class ScaleRow:
    """One level of a likelihood or impact scale with its criteria per dimension."""

    value: int
    name: str
    criteria: tuple[str, ...]


@attrs.frozen(kw_only=True)
class MatrixCell:
    """A cell of the besaran matrix with its band colour."""

    besaran: int
    colour: str
    ink: str


@attrs.frozen(kw_only=True)
class MatrixRow:
    """A likelihood row of the besaran matrix, highest likelihood first."""

    value: int
    name: str
    cells: tuple[MatrixCell, ...]


@attrs.frozen(kw_only=True)
class BandRow:
    """A band of the *Keterangan Level Risiko* table, with risk counts."""

    level: int
    name: str
    range: str
    colour: str
    colour_name: str
    ink: str
    action: str
    inherent: int
    residual: int


@attrs.frozen(kw_only=True)
class CriteriaView:
    """The risk criteria as printed in the context section."""

    name: str
    title: str
    source: str
    notes: str
    likelihood_dimensions: tuple[str, ...]
    likelihood: tuple[ScaleRow, ...]
    impact_areas: tuple[str, ...]
    impact: tuple[ScaleRow, ...]
    impact_names: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    bands: tuple[BandRow, ...]
    appetite: str
    residual_method: str


@attrs.frozen(kw_only=True)
class MapCellText:
    """A heat-map cell for text formats: its besaran, band, count and every code."""

    besaran: int
    band: str
    count: int
    codes: str


@attrs.frozen(kw_only=True)
class MapRowText:
    """A likelihood row of the heat map for text formats."""

    value: int
    name: str
    cells: tuple[MapCellText, ...]


@attrs.frozen(kw_only=True)
class RiskMap:
    """A *peta risiko*: its title, the drawn grid and the same grid as text rows."""

    id: str
    title: str
    note: str
    grid: HeatGrid
    rows: tuple[MapRowText, ...]
    truncated: bool


@attrs.frozen(kw_only=True)
class ZiItem:
    """An LKE item of the ZI evaluation and what this register offers as evidence for it."""

    code: str
    area: str
    question: str
    support: str
    pointers: str


@attrs.frozen(kw_only=True)
class FindingView:
    """An audit finding as printed."""

    code: str
    severity: str
    severity_key: str
    subject: str
    message: str
    location: str
    path: str


@attrs.frozen(kw_only=True)
class Head:
    """What every document shows at the top: title, organisation, unit, period, language."""

    lang: str
    kind: str
    title: str
    organisation: str
    unit: str
    unit_id: str
    period: str
    running: str


@attrs.frozen(kw_only=True)
class RegisterView:
    """The full *register risiko* of a unit or of the whole organisation."""

    head: Head
    identity: Identity
    services: tuple[ServiceView, ...]
    criteria: CriteriaView
    groups: tuple[UnitGroup, ...]
    priority: tuple[RiskView, ...]
    priority_rule: str
    maps: tuple[RiskMap, ...]
    bands: tuple[BandRow, ...]
    signature: SignatureBlock
    findings: tuple[FindingView, ...]
    findings_summary: str
    zi_items: tuple[ZiItem, ...]
    controls: tuple[ControlView, ...]
    rtp_count: int
    risk_count: int
    control_count: int


@attrs.frozen(kw_only=True)
class RtpView:
    """The treatment plan alone, grouped by unit."""

    head: Head
    groups: tuple[UnitGroup, ...]
    total_budget: str
    count: int
    signature: SignatureBlock


@attrs.frozen(kw_only=True)
class Panel:
    """A risk map placed in the standalone picture, with its title above it."""

    map: RiskMap
    x: float
    y: float
    title: Label
    note: Label


@attrs.frozen(kw_only=True)
class HeatmapView:
    """The risk maps alone: inherent and residual side by side, with the band legend."""

    head: Head
    caption: str
    maps: tuple[RiskMap, ...]
    panels: tuple[Panel, ...]
    bands: tuple[BandRow, ...]
    width: float
    height: float
    legend_title: Label
    legend: tuple[LegendRow, ...]


@attrs.frozen(kw_only=True)
class LegendRow:
    """A row of the drawn legend under the standalone heat map: swatch, then three texts."""

    x: float
    y: float
    colour: str
    name: Label
    range: Label
    counts: Label


# --------------------------------------------------------------------------- helpers


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


def _criteria_view(ctx: _Context) -> CriteriaView:
    c = ctx.criteria
    t = ctx.t

    def rows(levels: Sequence[object], keys: Sequence[str]) -> tuple[ScaleRow, ...]:
        out = []
        for lv in levels:
            out.append(
                ScaleRow(
                    value=lv.value,  # type: ignore[attr-defined]
                    name=t.choose(lv.name_id, lv.name_en),  # type: ignore[attr-defined]
                    criteria=tuple(
                        lv.criterion(k) or _DASH  # type: ignore[attr-defined]
                        for k in keys
                    ),
                )
            )
        return tuple(out)

    l_keys = tuple(d.key for d in c.likelihood_dimensions)
    i_keys = c.area_keys
    matrix = tuple(
        MatrixRow(
            value=lv.value,
            name=t.choose(lv.name_id, lv.name_en),
            cells=tuple(
                MatrixCell(besaran=b, colour=(band := c.band_of(b)).colour, ink=ink(band.colour))
                for b in c.grid[lv.value - 1]
            ),
        )
        for lv in reversed(c.likelihood)
    )
    reg = ctx.register
    appetites = [
        t.text("appetite_unit", unit=u.name, appetite=u.appetite)
        for u in reg.units
        if u.appetite is not None
    ]
    appetite = t.text(
        "appetite_text",
        appetite=reg.effective_appetite,
        band=c.band_of(reg.effective_appetite).name(ctx.lang),
    )
    if appetites:
        appetite = f"{appetite} {'; '.join(appetites)}."
    method = reg.residual_method
    return CriteriaView(
        name=c.name,
        title=c.title,
        source=c.source,
        notes=c.notes,
        likelihood_dimensions=tuple(
            t.choose(d.name_id, d.name_en) for d in c.likelihood_dimensions
        ),
        likelihood=tuple(reversed(rows(c.likelihood, l_keys))),
        impact_areas=tuple(t.choose(d.name_id, d.name_en) for d in c.impact_areas),
        impact=tuple(reversed(rows(c.impact, i_keys))),
        impact_names=tuple(t.choose(lv.name_id, lv.name_en) for lv in c.impact),
        matrix=matrix,
        bands=_band_rows(ctx),
        appetite=appetite,
        residual_method=(
            t.text("residual_derived", method=method) if method else t["residual_manual"]
        ),
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


def _priority(ctx: _Context, views: Mapping[str, RiskView]) -> tuple[RiskView, ...]:
    top = max(b.level for b in ctx.criteria.bands)
    return tuple(
        views[s.id]
        for s in rank_risks(ctx.scores)
        if s.above_appetite or s.current.band.level >= top - 1
    )


def _identity(ctx: _Context, title: str) -> Identity:
    reg = ctx.register
    t = ctx.t
    unit = ctx.unit
    return Identity(
        title=title,
        organisation=reg.organisation,
        unit=unit.name if unit is not None else t["scope_all_units"],
        unit_kind=(unit.kind or _DASH) if unit is not None else _DASH,
        head=ctx.position(unit.head) if unit is not None else ctx.position(reg.approved_by),
        period=ctx.period(),
        year=reg.year,
        prepared_by=ctx.position(reg.prepared_by),
        approved_by=ctx.position(reg.approved_by),
        legal_basis=tuple(t[f"legal_{k}"] for k in (1, 2, 3)),
        counts=t.text(
            "identity_counts",
            units=len(reg.units),
            services=len(reg.services),
            risks=len(reg.risks),
            controls=len(reg.controls),
        ),
    )


def _services(ctx: _Context) -> tuple[ServiceView, ...]:
    count = Counter(r.service for r in ctx.register.risks)
    return tuple(
        ServiceView(
            id=s.id,
            unit=ctx.unit_name(s.unit),
            name=s.name,
            description=s.description or _DASH,
            steps=" → ".join(s.steps) if s.steps else _DASH,
            risks=count[s.id],
        )
        for s in ctx.register.services
    )


# --------------------------------------------------------------------------- ZI annex

_COI_SCHEMES = frozenset({Scheme.BENTURAN_KEPENTINGAN})
_COI_GROUPS = frozenset({RiskGroup.PROCUREMENT_CONFLICT})


def _zi_items(ctx: _Context) -> tuple[ZiItem, ...]:
    t = ctx.t
    reg = ctx.register
    services = len(reg.services)
    with_risk = len({r.service for r in reg.risks})
    implemented = [c for c in reg.controls if c.status is ControlStatus.IMPLEMENTED]
    evidenced = sum(1 for c in implemented if c.evidence)
    planned = sum(1 for c in reg.controls if c.status in _OPEN)
    coi = [
        r for r in reg.risks if (r.scheme in _COI_SCHEMES) or not _COI_GROUPS.isdisjoint(r.group)
    ]
    coi_services = len({r.service for r in coi})
    owned = sum(1 for r in reg.risks if r.owner is not None)
    tested = sum(1 for c in implemented if c.tests)
    detective = sum(1 for c in implemented if c.type is ControlType.DETECTIVE)
    return (
        ZiItem(
            code="ii.b",
            area=t["zi_area_fulfil"],
            question=t["zi_q_iib"],
            support=t.text("zi_s_iib", risks=len(reg.risks), services=with_risk, total=services),
            pointers=t["zi_p_iib"],
        ),
        ZiItem(
            code="ii.c",
            area=t["zi_area_fulfil"],
            question=t["zi_q_iic"],
            support=t.text(
                "zi_s_iic", implemented=len(implemented), evidenced=evidenced, planned=planned
            ),
            pointers=t["zi_p_iic"],
        ),
        ZiItem(
            code="v.a",
            area=t["zi_area_coi"],
            question=t["zi_q_va"],
            support=t.text(
                "zi_s_va",
                risks=len(coi),
                services=coi_services,
                total=services,
                ids=", ".join(r.id for r in coi) or _DASH,
            ),
            pointers=t["zi_p_va"],
        ),
        ZiItem(
            code="i",
            area=t["zi_area_reform"],
            question=t["zi_q_reform"],
            support=t.text(
                "zi_s_reform",
                owned=owned,
                risks=len(reg.risks),
                tested=tested,
                implemented=len(implemented),
                detective=detective,
            ),
            pointers=t["zi_p_reform"],
        ),
    )


# --------------------------------------------------------------------------- builders


def _title(ctx: _Context, key: str) -> str:
    return ctx.t[key]


def register_view(register: Register, lang: str = "id", unit: str | None = None) -> RegisterView:
    """The view of the full register document of ``unit`` (or of the whole register)."""
    return _register_view(_Context(register, lang, unit))


def _register_view(ctx: _Context) -> RegisterView:
    groups, views = ctx.groups
    title = ctx.register.title
    findings, summary = _findings(ctx)
    return RegisterView(
        head=ctx.head("register", title),
        identity=_identity(ctx, title),
        services=_services(ctx),
        criteria=_criteria_view(ctx),
        groups=groups,
        priority=_priority(ctx, views),
        priority_rule=ctx.t.text("priority_rule", appetite=ctx.register.effective_appetite),
        maps=_maps(ctx, views),
        bands=_band_rows(ctx),
        signature=_signature(ctx),
        findings=findings,
        findings_summary=summary,
        zi_items=_zi_items(ctx),
        controls=tuple(ctx.control(c) for c in ctx.register.controls),
        rtp_count=sum(len(r.planned) for g in groups for r in g.risks),
        risk_count=len(ctx.register.risks),
        control_count=len(ctx.register.controls),
    )


def rtp_view(register: Register, lang: str = "id", unit: str | None = None) -> RtpView:
    """The view of the treatment plan (*Rencana Tindak Pengendalian*), grouped by unit."""
    return _rtp_view(_Context(register, lang, unit))


def _rtp_view(ctx: _Context) -> RtpView:
    groups, _ = ctx.groups
    plan = tuple(g for g in groups if g.plan)
    unique = {p.control.id: p.control for g in plan for p in g.plan}  # a control may serve 2 units
    total = sum(c.budget_value for c in unique.values())
    return RtpView(
        head=ctx.head("rtp", ctx.t["doc_rtp"]),
        groups=plan,
        total_budget=ctx.t.rupiah(total),
        count=len(unique),
        signature=_signature(ctx),
    )


_LEGEND_ROW = 15.0
_PANEL_GAP = 30.0
_PANEL_TOP = 56.0


def heatmap_view(register: Register, lang: str = "id", unit: str | None = None) -> HeatmapView:
    """The view of the standalone risk map: inherent and residual side by side, and a legend."""
    return _heatmap_view(_Context(register, lang, unit))


def _heatmap_view(ctx: _Context) -> HeatmapView:
    t = ctx.t
    maps = _maps(ctx, {})
    bands = _band_rows(ctx)
    panels = []
    x = 10.0
    for m in maps:
        panels.append(
            Panel(
                map=m,
                x=x,
                y=_PANEL_TOP,
                title=Label(x=x + m.grid.width / 2, y=_PANEL_TOP - 18, text=m.title),
                note=Label(x=x + m.grid.width / 2, y=_PANEL_TOP - 6, text=m.note),
            )
        )
        x += m.grid.width + _PANEL_GAP
    width = x - _PANEL_GAP + 10
    top = _PANEL_TOP + max(m.grid.height for m in maps) + 18
    lx = 10.0 + 112.0
    legend = tuple(
        LegendRow(
            x=lx,
            y=top + 8 + k * _LEGEND_ROW,
            colour=b.colour,
            name=Label(x=lx + 18, y=top + 17 + k * _LEGEND_ROW, text=b.name, anchor="start"),
            range=Label(x=lx + 130, y=top + 17 + k * _LEGEND_ROW, text=b.range, anchor="start"),
            counts=Label(
                x=lx + 190,
                y=top + 17 + k * _LEGEND_ROW,
                text=t.text("legend_counts", inherent=b.inherent, residual=b.residual),
                anchor="start",
            ),
        )
        for k, b in enumerate(bands)
    )
    head = ctx.head("heatmap", t["doc_heatmap"])
    caption = f"{head.title} {_DASH} {head.unit + ', ' if head.unit else ''}"
    caption += f"{head.organisation}, {head.period}"
    return HeatmapView(
        head=head,
        caption=caption,
        maps=maps,
        panels=tuple(panels),
        bands=bands,
        width=width,
        height=top + 16 + len(bands) * _LEGEND_ROW,
        legend_title=Label(x=lx, y=top, text=t["keterangan_title"], anchor="start"),
        legend=legend,
    )


# --------------------------------------------------------------------------- audit

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


@attrs.frozen(kw_only=True)
class SeverityGroup:
    """The findings of one severity, in the audit's order (file, line, code)."""

    key: str
    label: str
    findings: tuple[FindingView, ...]


@attrs.frozen(kw_only=True)
class MetricRow:
    """One unit's (or the total's) audit metrics, formatted."""

    unit: str
    risks: int
    at_appetite: int
    effective: str
    both_types: str
    on_time: str
    fresh_evidence: str
    tested: str
    errors: int
    warnings: int
    infos: int
    is_total: bool


@attrs.frozen(kw_only=True)
class MatrixMark:
    """A coverage-matrix cell: its mark and state key (empty when not covered)."""

    mark: str
    state: str


@attrs.frozen(kw_only=True)
class CoverageRow:
    """One risk of a coverage matrix: id, name, level, and a mark per control."""

    risk: str
    name: str
    level: Level
    at_appetite: bool
    cells: tuple[MatrixMark, ...]


@attrs.frozen(kw_only=True)
class CoverageView:
    """The risk x control coverage matrix of one unit."""

    unit: str
    controls: tuple[str, ...]
    rows: tuple[CoverageRow, ...]


@attrs.frozen(kw_only=True)
class LegendEntry:
    """A mark of the coverage matrix and its meaning."""

    mark: str
    state: str
    text: str


@attrs.frozen(kw_only=True)
class FailureRow:
    """A control whose failure leaves risks without any implemented adequate control."""

    control: str
    name: str
    owner: str
    risks: str
    services: str
    units: str
    count: int
    above: int
    besaran: int


@attrs.frozen(kw_only=True)
class LevelCountRow:
    """How many risks of a unit sit in each band (current score), lowest band first."""

    unit: str
    counts: tuple[int, ...]
    total: int


@attrs.frozen(kw_only=True)
class AuditView:
    """The auditor's (APIP) report."""

    head: Head
    as_of: str
    summary: str
    metrics: tuple[MetricRow, ...]
    chart: BarChart
    level_names: tuple[str, ...]
    level_rows: tuple[LevelCountRow, ...]
    matrices: tuple[CoverageView, ...]
    legend: tuple[LegendEntry, ...]
    severities: tuple[SeverityGroup, ...]
    failures: tuple[FailureRow, ...]
    signature: SignatureBlock


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


View = RegisterView | RtpView | AuditView | HeatmapView
"""Any document's view."""

_BUILDERS: Mapping[str, Callable[[_Context], View]] = {
    "register": _register_view,
    "rtp": _rtp_view,
    "audit": _audit_view,
    "heatmap": _heatmap_view,
}


def build_views(
    register: Register, kinds: Iterable[str], lang: str = "id", unit: str | None = None
) -> dict[str, View]:
    """The views of several document kinds of one register, unit and language.

    The scores, the unit grouping and the audit are computed once and shared, so
    rendering every document costs little more than rendering the largest one.

    Raises:
        UsageError: a kind is not a document kind, or ``unit`` is not in the register.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> views = build_views(RegisterBuilder().risk("R-1").build(), ["rtp", "heatmap"])
        >>> sorted(views), views["heatmap"].maps[0].grid.total
        (['heatmap', 'rtp'], 1)
    """
    wanted = list(dict.fromkeys(kinds))
    for kind in wanted:
        if kind not in _BUILDERS:
            raise UsageError(msg.RENDER_BAD_KIND.format(kind=kind, choices=", ".join(KINDS)))
    ctx = _Context(register, lang, unit)
    return {kind: _BUILDERS[kind](ctx) for kind in wanted}


def build_view(register: Register, kind: str, lang: str = "id", unit: str | None = None) -> View:
    """The view of document ``kind`` (one of :data:`KINDS`).

    Raises:
        UsageError: ``kind`` is not a document kind, or ``unit`` is not in the register.
    """
    return build_views(register, [kind], lang, unit)[kind]
