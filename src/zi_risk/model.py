"""The register's domain model: immutable records connected by ids.

A :class:`Register` holds units (*perangkat daerah / unit kerja*), their services
(*layanan*), the fraud risks of each service, the controls (*pengendalian*) that
mitigate them, and the owners (positions) responsible for risks and controls.
Records refer to each other by id; :mod:`zi_risk.graph` connects them.

Every record remembers where it was read from (``loc``); locations take no part
in equality, so a register loaded from YAML equals the same register loaded from
JSON or from a workbook.

Examples:
    >>> a = Assessment(likelihood=4, impact=4, rationale="Tiga pengaduan")
    >>> a.impact
    4
    >>> Due.parse("2024-Q1")
    Due(date=datetime.date(2024, 3, 31), quarter=1)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping

import attrs

from .criteria import RiskCriteria, default_criteria
from .errors import Location
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)

__all__ = [
    "Acceptance",
    "Assessment",
    "AuditSettings",
    "Control",
    "Due",
    "Evidence",
    "Owner",
    "Register",
    "Risk",
    "Service",
    "Signature",
    "Test",
    "Unit",
]

FORMAT_VERSION = 1
"""The newest register file format version this library reads (``zi_risk: 1``)."""

_NOWHERE = Location()


def _loc() -> Location:
    return attrs.field(default=_NOWHERE, eq=False, repr=False, kw_only=True)


@attrs.frozen(kw_only=True)
class Signature:
    """Place and date of the signature block (*tempat, tanggal*)."""

    place: str
    date: dt.date
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Unit:
    """A unit kerja / perangkat daerah (OPD), the *unit pemilik risiko* (UPR).

    ``head`` is the owner id of the head of the unit, who signs its register;
    ``appetite`` overrides the register's risk appetite (*selera risiko*) for this unit.
    """

    id: str
    name: str
    kind: str | None = None
    head: str | None = None
    appetite: int | None = None
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Owner:
    """A position that owns risks or operates controls (*pemilik risiko*, *penanggung jawab*).

    Registers record positions, not people; ``name`` and ``nip`` (the civil
    servant's number, *Nomor Induk Pegawai*) only appear in signature blocks.
    """

    id: str
    position: str
    unit: str | None = None
    name: str | None = None
    nip: str | None = None
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Service:
    """A public service (*layanan*) of a unit, with its process steps (*tahapan proses*)."""

    id: str
    unit: str
    name: str
    description: str | None = None
    steps: tuple[str, ...] = ()
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Assessment:
    """Likelihood (*kemungkinan*) and impact (*dampak*) levels with their rationale.

    ``impact_areas`` keeps per-area impact levels (``(("keuangan", 3), ...)``)
    when the assessor gave them; ``impact`` is then the worst of them.
    """

    likelihood: int
    impact: int
    impact_areas: tuple[tuple[str, int], ...] = ()
    rationale: str | None = None
    loc: Location = _loc()

    @property
    def worst_area(self) -> str | None:
        """The impact area that sets ``impact`` (first in order on ties), if areas were given."""
        for area, level in self.impact_areas:
            if level == self.impact:
                return area
        return None


@attrs.frozen(kw_only=True)
class Acceptance:
    """A formal decision to accept (*terima*) a risk: who approved it, when and why."""

    approved_by: str
    date: dt.date
    rationale: str
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Risk:
    """A fraud risk of a service, written as actor – action – outcome.

    ``group`` holds the KPK corruption groups (*kelompok risiko*) it falls in;
    ``scheme`` the service-level label (*pungli*, *calo*, ...). ``residual`` is the
    assessor's judgement after existing controls (*risiko residu*); ``target`` is
    the residual hoped for once the RTP is done (*risiko residual harapan*).
    """

    id: str
    service: str
    name: str
    inherent: Assessment
    step: str | None = None
    scenario: str | None = None
    group: tuple[RiskGroup, ...] = ()
    scheme: Scheme | None = None
    causes: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    owner: str | None = None
    residual: Assessment | None = None
    target: Assessment | None = None
    treatment: Treatment | None = None
    acceptance: Acceptance | None = None
    loc: Location = _loc()


_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


@attrs.frozen(kw_only=True)
class Due:
    """A due date, written as an ISO date or as ``YYYY-Qn`` (the last day of that quarter).

    Examples:
        >>> str(Due.parse("2023-Q3"))
        '2023-Q3'
        >>> Due.parse("2023-Q3").date.isoformat()
        '2023-09-30'
    """

    date: dt.date
    quarter: int | None = None

    @classmethod
    def parse(cls, value: str | dt.date) -> Due:
        """Read an ISO date or ``YYYY-Qn``; ``ValueError`` otherwise."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(date=value)
        match = _QUARTER.match(value.strip())
        if match:
            year, quarter = int(match[1]), int(match[2])
            month = quarter * 3
            last = calendar.monthrange(year, month)[1]
            return cls(date=dt.date(year, month, last), quarter=quarter)
        return cls(date=dt.date.fromisoformat(value.strip()))

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.date.year}-Q{self.quarter}"
        return self.date.isoformat()


@attrs.frozen(kw_only=True)
class Evidence:
    """A piece of evidence that a control exists and operates (*bukti dukung*)."""

    title: str
    date: dt.date | None = None
    ref: str | None = None
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Test:
    """A test of a control's operating effectiveness, by an owner (often the Inspektorat)."""

    __test__ = False  # not a pytest test class

    date: dt.date
    result: TestResult
    by: str | None = None
    note: str | None = None
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class Control:
    """A control (*pengendalian*): existing (*terpasang*) or planned in the RTP.

    ``indicator`` is the output indicator (*indikator keluaran*); ``budget`` is in
    whole Rupiah.
    """

    id: str
    name: str
    type: ControlType
    status: ControlStatus
    mitigates: tuple[str, ...]
    adequacy: Adequacy = Adequacy.UNASSESSED
    description: str | None = None
    owner: str | None = None
    due: Due | None = None
    indicator: str | None = None
    budget: int | None = None
    evidence: tuple[Evidence, ...] = ()
    tests: tuple[Test, ...] = ()
    loc: Location = _loc()


@attrs.frozen(kw_only=True)
class AuditSettings:
    """The ``audit:`` section of a register: disabled rules, severities, thresholds."""

    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, int], ...] = ()
    loc: Location = _loc()

    @property
    def is_empty(self) -> bool:
        """True when the section sets nothing."""
        return not (self.disable or self.severity or self.thresholds)


@attrs.frozen(kw_only=True)
class Register:
    """A fraud-risk register (*register risiko fraud*) of an organisation for one period.

    Records are kept in the order they were read (file by file); every id is
    unique within its kind across the whole register.
    """

    title: str
    organisation: str
    year: int
    quarter: int | None = None
    criteria: RiskCriteria = attrs.field(factory=default_criteria)
    appetite: int | None = None
    residual_method: str | None = None
    prepared_by: str | None = None
    approved_by: str | None = None
    signed: Signature | None = None
    audit: AuditSettings = AuditSettings()
    units: tuple[Unit, ...] = ()
    owners: tuple[Owner, ...] = ()
    services: tuple[Service, ...] = ()
    risks: tuple[Risk, ...] = ()
    controls: tuple[Control, ...] = ()
    loc: Location = _loc()

    @property
    def effective_appetite(self) -> int:
        """The register's appetite, or the criteria's default when the register sets none."""
        return self.appetite if self.appetite is not None else self.criteria.appetite

    @property
    def period_end(self) -> dt.date:
        """The last day of the register's period: its quarter if given, else its year."""
        if self.quarter is None:
            return dt.date(self.year, 12, 31)
        month = self.quarter * 3
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def index(self) -> RegisterIndex:
        """Lookup tables by id for every kind of record."""
        return RegisterIndex.of(self)


@attrs.frozen
class RegisterIndex:
    """Records of a register by id, for the functions that look them up often."""

    units: Mapping[str, Unit]
    owners: Mapping[str, Owner]
    services: Mapping[str, Service]
    risks: Mapping[str, Risk]
    controls: Mapping[str, Control]

    @classmethod
    def of(cls, register: Register) -> RegisterIndex:
        """Index ``register``."""
        return cls(
            units={u.id: u for u in register.units},
            owners={o.id: o for o in register.owners},
            services={s.id: s for s in register.services},
            risks={r.id: r for r in register.risks},
            controls={c.id: c for c in register.controls},
        )
