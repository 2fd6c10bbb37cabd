"""Synthetic registers of any size, realistic and valid, for benchmarks and tests.

:func:`synthetic_register` builds a register of ``units`` units with about
``risks_per_unit`` risks each: services with their process steps (*tahapan*),
fraud risks written from Indonesian vocabularies of schemes, actors and causes,
controls (some shared by several risks), owners (positions), evidence, tests by
the Inspektorat, and the usual share of gaps an auditor finds (risks without an
owner or a residual, planned controls overdue or without a due date, implemented
controls without evidence or never tested). The same ``seed`` always gives the
same register, whatever ``PYTHONHASHSEED`` is.

:func:`write_synthetic` writes it in the register file format, as one file or as
``register.json`` plus one file per unit (``units/<id>.json``), unit by unit so
that a national-scale register never has to fit in memory while it is written.

Examples:
    >>> reg = synthetic_register(units=2, seed=7, risks_per_unit=10)
    >>> len(reg.units), len(reg.risks)
    (2, 20)
    >>> reg == synthetic_register(units=2, seed=7, risks_per_unit=10)
    True
    >>> from zi_risk.loader import load_register
    >>> from zi_risk.dump import dump_data
    >>> load_register(dump_data(reg)) == reg
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import yaml

from .criteria import default_criteria
from .dump import dump_data
from .errors import UsageError
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
from .output import write_atomic
from .progress import track
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)

__all__ = ["SYNTHETIC_FORMATS", "synthetic_parts", "synthetic_register", "write_synthetic"]

SYNTHETIC_FORMATS = ("json", "yaml")
"""File formats :func:`write_synthetic` writes."""

# -- vocabularies -----------------------------------------------------------------------


@attrs.frozen
class _ServiceKind:
    """A kind of public service: its name, the thing it produces, its steps and its schemes."""

    slug: str
    name: str
    obj: str
    steps: tuple[str, ...]
    schemes: tuple[Scheme, ...]


@attrs.frozen
class _UnitKind:
    """A kind of unit (*perangkat daerah*): its name, divisions and the services it gives.

    ``per_place`` units (puskesmas, kecamatan, RSUD) are named after their place;
    ``weight`` is how often the kind occurs, ``size`` its relative number of risks.
    """

    slug: str
    code: str
    kind: str
    name: str
    per_place: bool
    weight: float
    size: float
    roles: tuple[str, ...]
    services: tuple[_ServiceKind, ...]


@attrs.frozen
class _SchemeText:
    """How risks of one scheme are written: KPK groups, names, actions, causes, effects."""

    groups: tuple[RiskGroup, ...]
    names: tuple[str, ...]
    actions: tuple[str, ...]
    causes: tuple[str, ...]
    effects: tuple[str, ...]


@attrs.frozen
class _Vocab:
    """Every vocabulary of ``synthetic_vocab.yaml``, read once."""

    places: tuple[str, ...]
    actors: tuple[str, ...]
    outcomes: tuple[str, ...]
    rationales: tuple[str, ...]
    evidence: tuple[str, ...]
    test_notes: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    degrees: tuple[str, ...]
    register_owners: tuple[tuple[str, str], ...]
    testers: tuple[str, ...]
    controls: Mapping[ControlType, tuple[tuple[str, str], ...]]
    schemes: Mapping[Scheme, _SchemeText]
    units: tuple[_UnitKind, ...]


@functools.cache
def _vocab() -> _Vocab:
    text = resources.files("zi_risk").joinpath("synthetic_vocab.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    people = raw["people"]
    return _Vocab(
        places=tuple(raw["places"]),
        actors=tuple(raw["actors"]),
        outcomes=tuple(raw["outcomes"]),
        rationales=tuple(raw["rationales"]),
        evidence=tuple(raw["evidence"]),
        test_notes=tuple(raw["test_notes"]),
        first_names=tuple(people["first"]),
        last_names=tuple(people["last"]),
        degrees=tuple(people["degrees"]),
        register_owners=tuple((i, p) for i, p in raw["register_owners"]),
        testers=tuple(raw["testers"]),
        controls={
            ControlType.parse(token): tuple((n, i) for n, i in pairs)
            for token, pairs in raw["controls"].items()
        },
        schemes={
            Scheme.parse(token): _SchemeText(
                groups=tuple(RiskGroup.parse(g) for g in s["groups"]),
                names=tuple(s["names"]),
                actions=tuple(s["actions"]),
                causes=tuple(s["causes"]),
                effects=tuple(s["effects"]),
            )
            for token, s in raw["schemes"].items()
        },
        units=tuple(
            _UnitKind(
                slug=u["slug"],
                code=u["code"],
                kind=u["kind"],
                name=u["name"],
                per_place=u["per_place"],
                weight=u["weight"],
                size=u["size"],
                roles=tuple(u["roles"]),
                services=tuple(
                    _ServiceKind(
                        slug=s["slug"],
                        name=s["name"],
                        obj=s["obj"],
                        steps=tuple(s["steps"]),
                        schemes=tuple(Scheme.parse(t) for t in s["schemes"]),
                    )
                    for s in u["services"]
                ),
            )
            for u in raw["units"]
        ),
    )


def _slug(text: str) -> str:
    return text.lower().replace(" ", "")


# -- the usual share of gaps ------------------------------------------------------------

_P_RISK_NO_OWNER = 0.04
_P_RISK_NO_RESIDUAL = 0.10
_P_RESIDUAL_ABOVE = 0.01
_P_CONTROL_NO_OWNER = 0.03
_P_PLANNED_NO_DUE = 0.06
_P_PLANNED_OVERDUE = 0.25
_P_IMPLEMENTED_NO_EVIDENCE = 0.20
_P_EVIDENCE_OLD = 0.10
_P_IMPLEMENTED_TESTED = 0.45
_P_SERVICE_NO_RISK = 0.03
_CONTROLS_PER_RISK = ((0, 0.07), (1, 0.48), (2, 0.36), (3, 0.09))
_STATUSES = (
    (ControlStatus.IMPLEMENTED, 0.64),
    (ControlStatus.PLANNED, 0.24),
    (ControlStatus.IN_PROGRESS, 0.09),
    (ControlStatus.RETIRED, 0.03),
)
_TREATMENTS = (
    (Treatment.REDUCE, 0.86),
    (Treatment.ACCEPT, 0.07),
    (Treatment.AVOID, 0.03),
    (Treatment.TRANSFER, 0.02),
    (None, 0.02),
)
_RISKS_PER_SERVICE = 15
"""Services are added beyond the 2-6 of a small unit so that each has about this many risks."""


def _pick(rng: random.Random, table: Sequence[tuple[Any, float]]) -> Any:
    """A value from ``(value, weight)`` pairs (weights sum to 1)."""
    x = rng.random()
    for value, weight in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][0]


# -- plan -------------------------------------------------------------------------------


@attrs.frozen
class _UnitPlan:
    """What one unit will hold: its number, kind, place and risk count."""

    index: int
    kind: _UnitKind
    place: str
    risks: int
    id: str
    code: str


@attrs.frozen
class _Plan:
    """The whole register's plan; each unit is then generated from its own seeded stream."""

    seed: int
    year: int
    organisation: str
    place: str
    units: tuple[_UnitPlan, ...]


def _plan(units: int, seed: int, risks_per_unit: int, year: int) -> _Plan:
    if units < 1:
        raise UsageError(f"units: expected 1 or more, got {units}")
    if risks_per_unit < 1:
        raise UsageError(f"risks_per_unit: expected 1 or more, got {risks_per_unit}")
    rng = random.Random(seed)
    vocab = _vocab()
    place = rng.choice(vocab.places)
    weights = [k.weight for k in vocab.units]
    width = max(4, len(str(units)))
    chosen: list[tuple[_UnitKind, str, float]] = []
    for i in range(units):
        # a regency has one of each dinas; puskesmas and kecamatan repeat across places
        kind = vocab.units[i] if i < len(vocab.units) else rng.choices(vocab.units, weights)[0]
        chosen.append((kind, rng.choice(vocab.places), kind.size * rng.uniform(0.6, 1.4)))
    total = units * risks_per_unit
    mass = sum(w for _, _, w in chosen)
    exact = [w * total / mass for _, _, w in chosen]
    counts = [max(1, math.floor(x)) for x in exact]
    # largest remainders first (ties by position) so the total is exactly units x risks_per_unit
    order = sorted(range(units), key=lambda i: (counts[i] - exact[i], i))
    k = 0
    while sum(counts) < total:
        counts[order[k % units]] += 1
        k += 1
    k = 0
    while sum(counts) > total:
        j = order[-1 - (k % units)]
        if counts[j] > 1:
            counts[j] -= 1
        k += 1
    plans = []
    for i, ((kind, unit_place, _), n) in enumerate(zip(chosen, counts, strict=True), 1):
        number = f"{i:0{width}d}"
        suffix = f"-{_slug(unit_place)}" if kind.per_place else ""
        plans.append(
            _UnitPlan(
                index=i,
                kind=kind,
                place=unit_place,
                risks=n,
                id=f"{kind.slug}{suffix}-{number}",
                code=f"{kind.code}{number}",
            )
        )
    plans.sort(key=lambda p: p.id)  # the order of the files when loaded back
    return _Plan(
        seed=seed,
        year=year,
        organisation=f"Pemerintah Kabupaten {place}",
        place=place,
        units=tuple(plans),
    )


# -- records ----------------------------------------------------------------------------


def _nip(rng: random.Random, year: int) -> str:
    born = dt.date(rng.randint(1966, 1990), rng.randint(1, 12), rng.randint(1, 28))
    hired = (born.year + rng.randint(22, 30), rng.randint(1, 12))
    return f"{born:%Y%m%d}{hired[0]:04d}{hired[1]:02d}{rng.randint(1, 2)}{rng.randint(1, 20):03d}"


def _person(rng: random.Random) -> str:
    v = _vocab()
    return f"{rng.choice(v.first_names)} {rng.choice(v.last_names)}, {rng.choice(v.degrees)}"


def _header(plan: _Plan) -> Register:
    rng = random.Random(f"zi-risk-synthetic/{plan.seed}/register")
    owners = tuple(Owner(id=i, position=p) for i, p in _vocab().register_owners)
    return Register(
        title="Register Risiko Fraud Zona Integritas",
        organisation=plan.organisation,
        year=plan.year,
        quarter=4,
        criteria=default_criteria(),
        appetite=11,
        prepared_by="kabag-organisasi",
        approved_by="sekda",
        signed=Signature(place=plan.place, date=dt.date(plan.year, 11, rng.randint(1, 28))),
        owners=owners,
    )


def _assessment(
    rng: random.Random, likelihood: int, impact: int, year: int, areas: bool
) -> Assessment:
    rationale = None
    if rng.random() < 0.6:
        rationale = rng.choice(_vocab().rationales).format(
            n=rng.randint(2, 40), prev=year - 1, year=year, tw=rng.choice(("I", "II", "III"))
        )
    if areas:
        keys = rng.sample(("keuangan", "reputasi", "kinerja", "layanan", "hukum"), 3)
        levels = [impact, rng.randint(1, impact), rng.randint(1, impact)]
        return Assessment(
            likelihood=likelihood,
            impact=impact,
            impact_areas=tuple(zip(keys, levels, strict=True)),
            rationale=rationale,
        )
    return Assessment(likelihood=likelihood, impact=impact, rationale=rationale)


class _UnitBuilder:
    """Generates one unit's records from its own random stream."""

    def __init__(self, plan: _Plan, unit: _UnitPlan) -> None:
        self.plan = plan
        self.vocab = _vocab()
        self.unit = unit
        self.year = plan.year
        self.rng = random.Random(f"zi-risk-synthetic/{plan.seed}/{unit.index}")
        self.risk_width = max(3, len(str(unit.risks)))
        self.owners: list[Owner] = []
        self.services: list[tuple[Service, _ServiceKind]] = []
        self.risks: list[Risk] = []
        self.controls: list[Control] = []

    def build(self) -> Register:
        rng, unit = self.rng, self.unit
        kind = unit.kind
        name = f"{kind.name} {unit.place}" if kind.per_place else kind.name
        head_id = f"{unit.id}-kepala"
        head = Owner(id=head_id, position=f"Kepala {name}", unit=unit.id)
        if rng.random() < 0.5:
            head = attrs.evolve(head, name=_person(rng), nip=_nip(rng, self.year))
        self.owners.append(head)
        n_services = max(rng.randint(2, 6), math.ceil(unit.risks / _RISKS_PER_SERVICE))
        roles = list(kind.roles)
        for extra in range(len(roles), 2 + n_services // 3):
            roles.append(f"Koordinator Pelayanan Wilayah {extra - len(kind.roles) + 1}")
        for n, role in enumerate(roles, 1):
            self.owners.append(Owner(id=f"{unit.id}-pj{n:02d}", position=role, unit=unit.id))
        for n in range(n_services):
            skind = kind.services[n % len(kind.services)]
            round_ = n // len(kind.services)
            sname = skind.name if round_ == 0 else f"{skind.name} (Wilayah {round_ + 1})"
            self.services.append(
                (
                    Service(
                        id=f"{unit.id}-{skind.slug}" + (f"-{round_ + 1}" if round_ else ""),
                        unit=unit.id,
                        name=sname,
                        steps=skind.steps,
                    ),
                    skind,
                )
            )
        self._risks()
        appetite = 10 if rng.random() < 0.2 else None
        return Register(
            title="",
            organisation="",
            year=self.year,
            units=(Unit(id=unit.id, name=name, kind=kind.kind, head=head_id, appetite=appetite),),
            owners=tuple(self.owners),
            services=tuple(s for s, _ in self.services),
            risks=tuple(self.risks),
            controls=tuple(self.controls),
        )

    def _owner(self, p_none: float) -> str | None:
        if self.rng.random() < p_none:
            return None
        return self.rng.choice(self.owners[1:]).id

    def _risks(self) -> None:
        rng = self.rng
        weights = [0.0 if rng.random() < _P_SERVICE_NO_RISK else rng.uniform(0.5, 1.5)]
        weights += [rng.uniform(0.5, 1.5) for _ in self.services[1:]]
        picks = rng.choices(range(len(self.services)), weights, k=self.unit.risks)
        per_service: list[list[Risk]] = [[] for _ in self.services]
        for number, s in enumerate(sorted(picks), 1):
            service, skind = self.services[s]
            risk = self._risk(number, service, skind)
            per_service[s].append(risk)
            self.risks.append(risk)
            for _ in range(_pick(rng, _CONTROLS_PER_RISK)):
                self.controls.append(self._control((risk,), skind))
        for (_, skind), risks in zip(self.services, per_service, strict=True):
            if len(risks) >= 3 and rng.random() < 0.6:  # one control shared by several risks
                shared = rng.sample(risks, min(len(risks), rng.randint(2, 6)))
                shared.sort(key=lambda r: r.id)
                self.controls.append(self._control(tuple(shared), skind))

    def _risk(self, number: int, service: Service, skind: _ServiceKind) -> Risk:
        rng = self.rng
        scheme = rng.choice(skind.schemes)
        text = self.vocab.schemes[scheme]
        step = rng.choice(skind.steps)
        fill = {"obj": skind.obj, "step": step.lower()}
        scenario = None
        if rng.random() < 0.85:
            actor = rng.choice(self.vocab.actors)
            action = rng.choice(text.actions).format(**fill)
            scenario = (
                f"{actor} {action} pada tahap {step.lower()}, {rng.choice(self.vocab.outcomes)}."
            )
        likelihood, impact = rng.randint(2, 5), rng.randint(2, 5)
        areas = rng.random() < 0.1
        inherent = _assessment(rng, likelihood, impact, self.year, areas)
        residual = None
        if rng.random() >= _P_RISK_NO_RESIDUAL:
            if rng.random() < _P_RESIDUAL_ABOVE:
                rl, ri = min(5, likelihood + 1), impact
            else:
                rl = max(1, likelihood - rng.choice((0, 1, 1, 2)))
                ri = max(1, impact - rng.choice((0, 0, 1)))
            residual = _assessment(rng, rl, ri, self.year, False)
        target = None
        if residual is not None and rng.random() < 0.5:
            target = Assessment(likelihood=max(1, residual.likelihood - 1), impact=residual.impact)
        treatment = _pick(rng, _TREATMENTS)
        acceptance = None
        if treatment is Treatment.ACCEPT and rng.random() < 0.5:
            acceptance = Acceptance(
                approved_by=self.owners[0].id,
                date=dt.date(self.year, rng.randint(1, 11), rng.randint(1, 28)),
                rationale="Biaya pengendalian tambahan melebihi manfaatnya",
            )
        return Risk(
            id=f"R-{self.unit.code}-{number:0{self.risk_width}d}",
            service=service.id,
            name=rng.choice(text.names).format(**fill),
            inherent=inherent,
            step=step,
            scenario=scenario,
            group=text.groups,
            scheme=scheme,
            causes=tuple(rng.sample(text.causes, rng.randint(1, 3))),
            effects=tuple(rng.sample(text.effects, rng.randint(1, 2))),
            owner=self._owner(_P_RISK_NO_OWNER),
            residual=residual,
            target=target,
            treatment=treatment,
            acceptance=acceptance,
        )

    def _control(self, risks: tuple[Risk, ...], skind: _ServiceKind) -> Control:
        rng, year = self.rng, self.year
        number = len(self.controls) + 1
        ctype = _pick(
            rng,
            (
                (ControlType.PREVENTIVE, 0.6),
                (ControlType.DETECTIVE, 0.3),
                (ControlType.CORRECTIVE, 0.1),
            ),
        )
        name, indicator = rng.choice(self.vocab.controls[ctype])
        name = name.format(obj=skind.obj)
        status: ControlStatus = _pick(rng, _STATUSES)
        adequacy = Adequacy.UNASSESSED
        due = None
        budget = None
        evidence: tuple[Evidence, ...] = ()
        tests: tuple[Test, ...] = ()
        if status in (ControlStatus.IMPLEMENTED, ControlStatus.RETIRED):
            adequacy = _pick(
                rng,
                ((Adequacy.ADEQUATE, 0.6), (Adequacy.INADEQUATE, 0.3), (Adequacy.UNASSESSED, 0.1)),
            )
            if rng.random() >= _P_IMPLEMENTED_NO_EVIDENCE:
                evidence = tuple(self._evidence(name) for _ in range(rng.choice((1, 1, 1, 2))))
            if rng.random() < _P_IMPLEMENTED_TESTED:
                tests = (self._test(),)
        else:
            if rng.random() >= _P_PLANNED_NO_DUE:
                if rng.random() < _P_PLANNED_OVERDUE:
                    due = Due.parse(f"{year}-Q{rng.randint(1, 3)}")
                else:
                    due = Due.parse(f"{year + 1}-Q{rng.randint(1, 4)}")
            if rng.random() < 0.5:
                budget = rng.randint(1, 100) * 1_000_000
        return Control(
            id=f"C-{self.unit.code}-{number:0{self.risk_width}d}",
            name=name,
            type=ctype,
            status=status,
            mitigates=tuple(r.id for r in risks),
            adequacy=adequacy,
            owner=self._owner(_P_CONTROL_NO_OWNER),
            due=due,
            indicator=indicator if rng.random() < 0.7 else None,
            budget=budget,
            evidence=evidence,
            tests=tests,
        )

    def _evidence(self, control: str) -> Evidence:
        rng, year = self.rng, self.year
        old = rng.random() < _P_EVIDENCE_OLD
        date = dt.date(year - (2 if old else 0), rng.randint(1, 12), rng.randint(1, 28))
        title = rng.choice(self.vocab.evidence).format(
            unit=self.unit.kind.name,
            control=control[0].lower() + control[1:],
            year=date.year,
            tw=("I", "II", "III", "IV")[(date.month - 1) // 3],
            sem="I" if date.month <= 6 else "II",
        )
        ref = f"arsip/{self.unit.id}/{date.year}/bukti-{rng.randint(1, 999):03d}.pdf"
        return Evidence(title=title, date=date, ref=ref if rng.random() < 0.8 else None)

    def _test(self) -> Test:
        rng = self.rng
        result = _pick(
            rng,
            (
                (TestResult.EFFECTIVE, 0.7),
                (TestResult.PARTIALLY_EFFECTIVE, 0.2),
                (TestResult.INEFFECTIVE, 0.1),
            ),
        )
        return Test(
            date=dt.date(self.year - (1 if rng.random() < 0.15 else 0), rng.randint(1, 11), 15),
            result=result,
            by=rng.choice(self.vocab.testers),
            note=rng.choice(self.vocab.test_notes) if rng.random() < 0.6 else None,
        )


# -- public API -------------------------------------------------------------------------


def synthetic_parts(
    units: int = 40, *, seed: int = 0, risks_per_unit: int = 50, year: int = 2023
) -> Iterator[Register]:
    """The register in parts: first its header, then one part per unit, in file order.

    The header holds the register's fields and the organisation-wide owners
    (Sekretariat Daerah, Inspektorat); each unit part holds one unit with its
    owners, services, risks and controls. Parts are generated one at a time, so
    writing a national-scale register needs the memory of one unit only.

    Examples:
        >>> parts = list(synthetic_parts(units=3, seed=1, risks_per_unit=5))
        >>> [len(p.units) for p in parts], parts[0].organisation
        ([0, 1, 1, 1], 'Pemerintah Kabupaten Kuripan')
    """
    plan = _plan(units, seed, risks_per_unit, year)
    yield _header(plan)
    for unit in plan.units:
        yield _UnitBuilder(plan, unit).build()


def synthetic_register(
    units: int = 40, *, seed: int = 0, risks_per_unit: int = 50, year: int = 2023
) -> Register:
    """A realistic, valid register of ``units`` units and ``units * risks_per_unit`` risks.

    A unit has 2-6 services (more when it has many risks, about 15 risks a
    service), each risk 0-3 controls of its own and sometimes a control shared
    with other risks of its service, so that controls number about 1.5 per
    risk. About 4% of risks have no owner and 10% no residual; a quarter of the
    planned controls are overdue; a fifth of the implemented ones have no
    evidence and about half were never tested. The same arguments always give
    an equal register.

    Args:
        units: how many units (*perangkat daerah*).
        seed: the random seed; any int.
        risks_per_unit: the average risks per unit; the total is exact.
        year: the register's year (its period ends on 31 December).

    Raises:
        UsageError: ``units`` or ``risks_per_unit`` is below 1.

    Examples:
        >>> reg = synthetic_register(units=4, seed=3, risks_per_unit=20)
        >>> len(reg.units), len(reg.risks), 1.2 < len(reg.controls) / len(reg.risks) < 1.8
        (4, 80, True)
        >>> reg.risks[0].id, reg.risks[0].scheme.label("id")
        ('R-PTSP0002-001', 'mempersulit layanan')
    """
    parts = list(synthetic_parts(units, seed=seed, risks_per_unit=risks_per_unit, year=year))
    header = parts[0]
    return attrs.evolve(
        header,
        units=tuple(u for p in parts for u in p.units),
        owners=tuple(o for p in parts for o in p.owners),
        services=tuple(s for p in parts for s in p.services),
        risks=tuple(r for p in parts for r in p.risks),
        controls=tuple(c for p in parts for c in p.controls),
    )


def _unit_data(part: Register) -> dict[str, Any]:
    data = dump_data(part)
    del data["register"]
    return data


def _text(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, default=str, ensure_ascii=False, sort_keys=False) + "\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text


def write_synthetic(
    path: str | Path,
    units: int = 40,
    *,
    seed: int = 0,
    risks_per_unit: int = 50,
    year: int = 2023,
    fmt: str = "json",
    split: bool = True,
    progress: bool = False,
) -> tuple[Path, ...]:
    """Write :func:`synthetic_register` in the register file format; return the files written.

    With ``split`` (the default) ``path`` is a folder that receives
    ``register.<fmt>`` (the header and organisation-wide owners) and
    ``units/<unit id>.<fmt>``, one file per unit, written one unit at a time.
    Without it, ``path`` is one file holding the whole register. Every file is
    written atomically; the same arguments give byte-identical files. Loading
    what was written gives back ``synthetic_register`` with the same arguments.
    With ``progress``, a terminal on standard error shows how many units are written.

    Raises:
        UsageError: ``fmt`` is not ``json`` or ``yaml``, or a size is below 1.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> files = write_synthetic(folder / "reg", units=2, seed=5, risks_per_unit=4)
        >>> [f.relative_to(folder).as_posix() for f in files]
        ['reg/register.json', 'reg/units/dpmptsp-0002.json', 'reg/units/dukcapil-0001.json']
    """
    if fmt not in SYNTHETIC_FORMATS:
        raise UsageError(f"fmt: expected one of {', '.join(SYNTHETIC_FORMATS)}, got {fmt!r}")
    target = Path(path)
    parts = synthetic_parts(units, seed=seed, risks_per_unit=risks_per_unit, year=year)
    if not split:
        register = synthetic_register(units, seed=seed, risks_per_unit=risks_per_unit, year=year)
        return (write_atomic(target, _text(dump_data(register), fmt)),)
    written = [write_atomic(target / f"register.{fmt}", _text(dump_data(next(parts)), fmt))]
    for part in track(parts, "writing units", units) if progress else parts:
        name = target / "units" / f"{part.units[0].id}.{fmt}"
        written.append(write_atomic(name, _text(_unit_data(part), fmt)))
    return tuple(written)
