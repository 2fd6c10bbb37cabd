"""The register document (*register risiko*) and the parts also issued alone: RTP and risk map.

* :func:`register_view` — the full register (cover, context, the five sheets, the
  risk maps, the annexes);
* :func:`rtp_view` — the *Rencana Tindak Pengendalian* (treatment plan) alone;
* :func:`heatmap_view` — the *peta risiko* (risk map) alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .charts import Label, ink
from .document_context import _DASH, _OPEN, _band_rows, _Context, _findings, _maps, _signature
from .model import Register
from .scoring import rank_risks
from .views import (
    CriteriaView,
    HeatmapView,
    Identity,
    LegendRow,
    MatrixCell,
    MatrixRow,
    Panel,
    RegisterView,
    RiskView,
    RtpView,
    ScaleRow,
    ServiceView,
    ZiItem,
)
from .vocab import ControlStatus, ControlType, RiskGroup, Scheme

__all__ = ["heatmap_view", "register_view", "rtp_view"]


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
