"""Helpers for testing code that uses zi-risk: a register builder and hypothesis strategies.

Other ZI tools can property-test their own code against any valid register:

    from hypothesis import given
    from zi_risk.testing import registers

    @given(registers())
    def test_my_report(register): ...

For scale, :func:`synthetic_register` makes realistic registers of any size
(deterministic for a seed) and :func:`write_synthetic` writes them as files.

:class:`RegisterBuilder` writes small registers in a line or two and validates
them through the real loader, so a builder register is always a valid one.

Examples:
    >>> reg = (RegisterBuilder()
    ...        .risk("R-1", likelihood=4, impact=4, owner="kabid")
    ...        .control("C-1", mitigates=["R-1"], type="preventive", status="implemented",
    ...                 adequacy="adequate", owner="kasi")
    ...        .build())
    >>> [r.id for r in reg.risks], reg.controls[0].mitigates
    (['R-1'], ('R-1',))
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from hypothesis import strategies as st

from .criteria import default_criteria
from .loader import load_register
from .model import (
    Acceptance,
    Assessment,
    Control,
    Due,
    Evidence,
    Owner,
    Register,
    Risk,
    Service,
    Signature,
    Test,
    Unit,
)
from .synthetic import synthetic_register, write_synthetic
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
    "RegisterBuilder",
    "assessments",
    "controls_for",
    "registers",
    "synthetic_register",
    "texts",
    "write_synthetic",
]


class RegisterBuilder:
    """Build a small valid register in code; missing units, services and owners are made up.

    Each method adds one record and returns the builder. ``build()`` runs the
    real loader, so mistakes surface as :class:`~zi_risk.errors.LoadError`.
    """

    def __init__(
        self,
        *,
        title: str = "Register Risiko Fraud",
        organisation: str = "Kabupaten Uji",
        year: int = 2023,
        **register: Any,
    ) -> None:
        self._register: dict[str, Any] = {
            "title": title,
            "organisation": organisation,
            "year": year,
            **register,
        }
        self._units: dict[str, dict[str, Any]] = {}
        self._owners: dict[str, dict[str, Any]] = {}
        self._services: dict[str, dict[str, Any]] = {}
        self._risks: list[dict[str, Any]] = []
        self._controls: list[dict[str, Any]] = []

    def unit(self, id: str, name: str | None = None, **fields: Any) -> RegisterBuilder:
        """Add a unit (default name: the id)."""
        self._units[id] = {"id": id, "name": name or id, **fields}
        return self

    def owner(self, id: str, position: str | None = None, **fields: Any) -> RegisterBuilder:
        """Add an owner (default position: the id)."""
        self._owners[id] = {"id": id, "position": position or id, **fields}
        return self

    def service(
        self, id: str, unit: str = "unit-1", name: str | None = None, **fields: Any
    ) -> RegisterBuilder:
        """Add a service of ``unit`` (the unit is made up if missing)."""
        self._services[id] = {"id": id, "unit": unit, "name": name or id, **fields}
        return self

    def risk(
        self,
        id: str,
        *,
        service: str = "service-1",
        likelihood: int = 3,
        impact: Any = 3,
        residual: tuple[int, int] | None = None,
        **fields: Any,
    ) -> RegisterBuilder:
        """Add a risk with its inherent ``likelihood`` and ``impact`` (and optional residual)."""
        record: dict[str, Any] = {
            "id": id,
            "service": service,
            "name": fields.pop("name", id),
            "inherent": {"likelihood": likelihood, "impact": impact},
        }
        if residual is not None:
            record["residual"] = {"likelihood": residual[0], "impact": residual[1]}
        record.update(fields)
        self._risks.append(record)
        return self

    def control(
        self,
        id: str,
        *,
        mitigates: list[str],
        type: str = "preventive",
        status: str = "implemented",
        **fields: Any,
    ) -> RegisterBuilder:
        """Add a control that mitigates the given risks."""
        self._controls.append(
            {
                "id": id,
                "name": fields.pop("name", id),
                "type": type,
                "status": status,
                "mitigates": list(mitigates),
                **fields,
            }
        )
        return self

    def data(self) -> dict[str, Any]:
        """The register in the file format, with every referenced unit, service and owner."""
        units = dict(self._units)
        services = dict(self._services)
        owners = dict(self._owners)
        for risk in self._risks:
            if risk["service"] not in services:
                services[risk["service"]] = {
                    "id": risk["service"],
                    "unit": "unit-1",
                    "name": risk["service"],
                }
        for svc in services.values():
            units.setdefault(svc["unit"], {"id": svc["unit"], "name": svc["unit"]})
        wanted = [self._register.get("prepared_by"), self._register.get("approved_by")]
        wanted += [u.get("head") for u in units.values()]
        wanted += [r.get("owner") for r in self._risks]
        wanted += [(r.get("acceptance") or {}).get("approved_by") for r in self._risks]
        wanted += [c.get("owner") for c in self._controls]
        wanted += [t.get("by") for c in self._controls for t in c.get("tests", [])]
        for ident in wanted:
            if isinstance(ident, str):
                owners.setdefault(ident, {"id": ident, "position": ident})
        return {
            "zi_risk": 1,
            "register": dict(self._register),
            "units": list(units.values()),
            "owners": list(owners.values()),
            "services": list(services.values()),
            "risks": list(self._risks),
            "controls": list(self._controls),
        }

    def build(self) -> Register:
        """Load the register through the real loader."""
        return load_register(self.data())


# -- hypothesis strategies --------------------------------------------------------------

_ALPHABET = (
    string.ascii_letters
    + string.digits
    + " .,;:!?()[]{}'\"/%&*+-=<>@#$_|~`\\^"
    + "\n\téèüßñçÅØÆ€₹ÄÖáíóúâêîôûãõ中文ひらがなاردو"
)


def texts(max_size: int = 80) -> st.SearchStrategy[str]:
    """Free text as users type it: Unicode, punctuation, several lines, never blank."""
    return st.text(alphabet=_ALPHABET, min_size=1, max_size=max_size).filter(
        lambda s: bool(s.strip())
    )


_IDS = st.from_regex(r"\A[A-Za-z][A-Za-z0-9._-]{0,11}\Z")
_DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2026, 12, 31))


def assessments(
    max_likelihood: int = 5, max_impact: int = 5, areas: tuple[str, ...] = ()
) -> st.SearchStrategy[Assessment]:
    """Assessments on the given scale; with ``areas``, sometimes per impact area."""

    @st.composite
    def build(draw: st.DrawFn) -> Assessment:
        likelihood = draw(st.integers(1, max_likelihood))
        rationale = draw(st.none() | texts(60))
        per_area: bool = bool(areas) and draw(st.booleans())
        if per_area:
            keys = draw(
                st.lists(st.sampled_from(areas), min_size=1, max_size=len(areas), unique=True)
            )
            per = tuple((k, draw(st.integers(1, max_impact))) for k in keys)
            return Assessment(
                likelihood=likelihood,
                impact=max(v for _, v in per),
                impact_areas=per,
                rationale=rationale,
            )
        return Assessment(
            likelihood=likelihood, impact=draw(st.integers(1, max_impact)), rationale=rationale
        )

    return build()


def controls_for(
    risk_ids: list[str], owner_ids: list[str], ident: str
) -> st.SearchStrategy[Control]:
    """A control with id ``ident`` mitigating some of ``risk_ids``."""

    @st.composite
    def build(draw: st.DrawFn) -> Control:
        status = draw(st.sampled_from(list(ControlStatus)))
        maybe_owner = st.none() | st.sampled_from(owner_ids) if owner_ids else st.none()
        return Control(
            id=ident,
            name=draw(texts(60)),
            description=draw(st.none() | texts(200)),
            type=draw(st.sampled_from(list(ControlType))),
            status=status,
            adequacy=draw(st.sampled_from(list(Adequacy))),
            owner=draw(maybe_owner),
            mitigates=tuple(
                draw(st.lists(st.sampled_from(risk_ids), min_size=1, max_size=3, unique=True))
            ),
            due=draw(
                st.none()
                | _DATES.map(lambda d: Due(date=d))
                | st.tuples(st.integers(2020, 2026), st.integers(1, 4)).map(
                    lambda yq: Due.parse(f"{yq[0]}-Q{yq[1]}")
                )
            ),
            indicator=draw(st.none() | texts(40)),
            budget=draw(st.none() | st.integers(0, 10**10)),
            evidence=tuple(
                draw(
                    st.lists(
                        st.builds(
                            Evidence,
                            title=texts(40),
                            date=st.none() | _DATES,
                            ref=st.none() | texts(40),
                        ),
                        max_size=2,
                    )
                )
            ),
            tests=tuple(
                draw(
                    st.lists(
                        st.builds(
                            Test,
                            date=_DATES,
                            result=st.sampled_from(list(TestResult)),
                            by=maybe_owner,
                            note=st.none() | texts(40),
                        ),
                        max_size=2,
                    )
                )
            ),
        )

    return build()


@st.composite
def registers(
    draw: st.DrawFn, max_units: int = 3, max_risks: int = 8, max_controls: int = 8
) -> Register:
    """Valid registers: units, owners, services with steps, risks and controls that refer
    to each other correctly, on the default criteria, with every optional field sometimes
    empty."""
    criteria = default_criteria()
    areas = tuple(a.key for a in criteria.impact_areas)
    ids = draw(
        st.lists(
            _IDS,
            min_size=4,
            max_size=4 + max_units * 3 + max_risks + max_controls,
            unique_by=str.casefold,
        )
    )
    pool = iter(ids * 1)
    n_units = draw(st.integers(1, max_units))
    unit_ids = [f"u-{i}" for i in range(n_units)]
    owner_ids = [f"o-{i}" for i in range(draw(st.integers(1, 4)))]
    owners = tuple(
        Owner(
            id=o,
            position=draw(texts(50)),
            unit=draw(st.none() | st.sampled_from(unit_ids)),
            name=draw(st.none() | texts(30)),
            nip=draw(st.none() | st.from_regex(r"\A\d{18}\Z")),
        )
        for o in owner_ids
    )
    units = tuple(
        Unit(
            id=u,
            name=draw(texts(60)),
            kind=draw(st.none() | st.sampled_from(["dinas", "puskesmas", "kecamatan", "rsud"])),
            head=draw(st.none() | st.sampled_from(owner_ids)),
            appetite=draw(st.none() | st.integers(1, 25)),
        )
        for u in unit_ids
    )
    services = []
    for i in range(draw(st.integers(1, n_units * 2))):
        steps = tuple(draw(st.lists(texts(20), max_size=4, unique=True)))
        services.append(
            Service(
                id=f"s-{i}",
                unit=draw(st.sampled_from(unit_ids)),
                name=draw(texts(60)),
                description=draw(st.none() | texts(100)),
                steps=steps,
            )
        )
    risks = []
    for i in range(draw(st.integers(0, max_risks))):
        svc = draw(st.sampled_from(services))
        rid = next(pool, f"R-{i}")
        treatment = draw(st.none() | st.sampled_from(list(Treatment)))
        acceptance = None
        if draw(st.booleans()):
            acceptance = Acceptance(
                approved_by=draw(st.sampled_from(owner_ids)),
                date=draw(_DATES),
                rationale=draw(texts(80)),
            )
        risks.append(
            Risk(
                id=rid,
                service=svc.id,
                name=draw(texts(80)),
                inherent=draw(assessments(areas=areas)),
                step=draw(st.none() | st.sampled_from(svc.steps)) if svc.steps else None,
                scenario=draw(st.none() | texts(300)),
                group=tuple(
                    draw(st.lists(st.sampled_from(list(RiskGroup)), max_size=2, unique=True))
                ),
                scheme=draw(st.none() | st.sampled_from(list(Scheme))),
                causes=tuple(draw(st.lists(texts(60), max_size=3))),
                effects=tuple(draw(st.lists(texts(60), max_size=3))),
                owner=draw(st.none() | st.sampled_from(owner_ids)),
                residual=draw(st.none() | assessments(areas=areas)),
                target=draw(st.none() | assessments()),
                treatment=treatment,
                acceptance=acceptance,
            )
        )
    risk_ids = [r.id for r in risks]
    controls = []
    if risk_ids:
        for i in range(draw(st.integers(0, max_controls))):
            cid = next(pool, f"C-{i}")
            if cid in risk_ids:
                cid = f"C-{i}"
            controls.append(draw(controls_for(risk_ids, owner_ids, cid)))
    signed = None
    if draw(st.booleans()):
        signed = Signature(place=draw(texts(30)), date=draw(_DATES))
    return Register(
        title=draw(texts(80)),
        organisation=draw(texts(80)),
        year=draw(st.integers(2018, 2030)),
        quarter=draw(st.none() | st.integers(1, 4)),
        criteria=criteria,
        appetite=draw(st.none() | st.integers(1, 25)),
        prepared_by=draw(st.none() | st.sampled_from(owner_ids)),
        approved_by=draw(st.none() | st.sampled_from(owner_ids)),
        signed=signed,
        units=units,
        owners=owners,
        services=tuple(services),
        risks=tuple(risks),
        controls=tuple(controls),
    )
