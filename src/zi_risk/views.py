"""View records of the documents: frozen plain data that the templates read.

Every row is already sorted, every label chosen, every number formatted; the
builders in :mod:`zi_risk.documents` fill these records and templates only loop
and test over them.
"""

from __future__ import annotations

import attrs

from .charts import BarChart, HeatGrid, Label

__all__ = [
    "AuditView",
    "BandRow",
    "ControlView",
    "CoverageRow",
    "CoverageView",
    "CriteriaView",
    "EvidenceView",
    "FailureRow",
    "FindingView",
    "Head",
    "HeatmapView",
    "Identity",
    "LegendEntry",
    "LegendRow",
    "Level",
    "LevelCountRow",
    "MapCellText",
    "MapRowText",
    "MatrixCell",
    "MatrixMark",
    "MatrixRow",
    "MetricRow",
    "Panel",
    "PlanRow",
    "RegisterView",
    "RiskMap",
    "RiskView",
    "RtpView",
    "ScaleRow",
    "ServiceView",
    "SeverityGroup",
    "Signatory",
    "SignatureBlock",
    "UnitGroup",
    "View",
    "ZiItem",
]


# --------------------------------------------------------------------------- register


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


# --------------------------------------------------------------------------- audit


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


View = RegisterView | RtpView | AuditView | HeatmapView
"""Any document's view."""
