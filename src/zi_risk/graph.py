"""The register as a graph: units, services, risks, controls and owners, and queries over it.

:func:`build_graph` turns a :class:`~zi_risk.model.Register` into a frozen
:class:`networkx.MultiDiGraph`. Node keys are ``(kind, id)`` pairs, so a risk and a
control that happen to share an id never collide; each node carries
``{"kind": kind, "record": <the frozen record>}``. Edges carry their relation as
both key and ``rel`` attribute:

============  ==================  =========================================
relation      edge                meaning
============  ==================  =========================================
provides      unit → service      the unit delivers the service (*layanan*)
exposed_to    service → risk      the service is exposed to the fraud risk
mitigates     control → risk      the control (*pengendalian*) treats the risk
owns          owner → risk        the position is the risk owner (*pemilik risiko*)
operates      owner → control     the position runs the control (*penanggung jawab*)
belongs_to    owner → unit        the position sits in the unit
============  ==================  =========================================

The queries are free functions ``f(graph, ...)`` that never change the graph and
return records in the register's order.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder()
    ...        .risk("R-1", service="ktp", owner="kabid")
    ...        .control("C-1", mitigates=["R-1"], owner="kasi")
    ...        .build())
    >>> g = build_graph(reg)
    >>> sorted(g.successors(("service", "ktp")))
    [('risk', 'R-1')]
    >>> g.nodes[("control", "C-1")]["record"].owner
    'kasi'
    >>> sorted(rel for _, _, rel in g.in_edges(("risk", "R-1"), keys=True))
    ['exposed_to', 'mitigates', 'owns']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import networkx as nx  # type: ignore[import-untyped]

from .model import Control, Owner, Register, Risk, Service, Unit
from .vocab import Adequacy, ControlStatus, ControlType

__all__ = [
    "BELONGS_TO",
    "EXPOSED_TO",
    "MITIGATES",
    "OPERATES",
    "OWNS",
    "PROVIDES",
    "ImpactedRisk",
    "NodeKey",
    "OwnerWorkload",
    "SodConflict",
    "build_graph",
    "controls_of",
    "failure_impact",
    "owner_workload",
    "risks_of",
    "services_protected_by",
    "sod_conflicts",
]

NodeKey = tuple[str, str]
"""A node of the register graph: ``(kind, id)`` with kind unit, service, risk, control or owner."""

PROVIDES = "provides"
EXPOSED_TO = "exposed_to"
MITIGATES = "mitigates"
OWNS = "owns"
OPERATES = "operates"
BELONGS_TO = "belongs_to"

UNIT = "unit"
SERVICE = "service"
RISK = "risk"
CONTROL = "control"
OWNER = "owner"


def build_graph(register: Register) -> nx.MultiDiGraph:
    """The register as a frozen multi-digraph (see the module docstring for its shape).

    Nodes are added in the register's order (units, services, risks, controls,
    owners), and so are edges, which makes every query's order deterministic;
    ``graph.graph["order"]`` maps each node to its position in that order.
    References to records the register does not define (possible only for
    registers built in code, not loaded) still get a node, with ``record`` None.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder().risk("R-1").build())
        >>> sorted(g.nodes)
        [('risk', 'R-1'), ('service', 'service-1'), ('unit', 'unit-1')]
        >>> nx.is_frozen(g)
        True
    """
    g = nx.MultiDiGraph()
    for kind, records in (
        (UNIT, register.units),
        (SERVICE, register.services),
        (RISK, register.risks),
        (CONTROL, register.controls),
        (OWNER, register.owners),
    ):
        for record in records:
            g.add_node((kind, record.id), kind=kind, record=record)

    def link(source: NodeKey, target: NodeKey, rel: str) -> None:
        for node in (source, target):
            if node not in g:
                g.add_node(node, kind=node[0], record=None)
        g.add_edge(source, target, key=rel, rel=rel)

    for service in register.services:
        link((UNIT, service.unit), (SERVICE, service.id), PROVIDES)
    for risk in register.risks:
        link((SERVICE, risk.service), (RISK, risk.id), EXPOSED_TO)
        if risk.owner is not None:
            link((OWNER, risk.owner), (RISK, risk.id), OWNS)
    for control in register.controls:
        for rid in control.mitigates:
            link((CONTROL, control.id), (RISK, rid), MITIGATES)
        if control.owner is not None:
            link((OWNER, control.owner), (CONTROL, control.id), OPERATES)
    for owner in register.owners:
        if owner.unit is not None:
            link((OWNER, owner.id), (UNIT, owner.unit), BELONGS_TO)
    g.graph["order"] = {key: n for n, key in enumerate(g.nodes)}
    return nx.freeze(g)


def _record(graph: nx.MultiDiGraph, key: NodeKey) -> Any:
    return graph.nodes[key]["record"]


def _neighbours(graph: nx.MultiDiGraph, key: NodeKey, rel: str, *, out: bool) -> Iterator[NodeKey]:
    if key not in graph:
        return
    edges = graph.out_edges(key, keys=True) if out else graph.in_edges(key, keys=True)
    for source, target, k in edges:
        if k == rel:
            yield target if out else source


def _records(graph: nx.MultiDiGraph, keys: Iterator[NodeKey]) -> tuple[Any, ...]:
    seen: dict[NodeKey, None] = dict.fromkeys(keys)
    return tuple(r for k in seen if (r := _record(graph, k)) is not None)


def risks_of(graph: nx.MultiDiGraph, key: NodeKey) -> tuple[Risk, ...]:
    """The risks a service is exposed to, or of every service of a unit, in register order.

    ``key`` is ``("service", id)`` or ``("unit", id)``; an unknown key has no risks.

    Raises:
        ValueError: ``key`` is neither a service nor a unit key.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder()
        ...     .service("kk", unit="capil").service("akta", unit="capil")
        ...     .risk("R-2", service="akta").risk("R-1", service="kk").build())
        >>> [r.id for r in risks_of(g, ("unit", "capil"))]
        ['R-2', 'R-1']
        >>> [r.id for r in risks_of(g, ("service", "kk"))]
        ['R-1']
    """
    kind = key[0]
    if kind == SERVICE:
        services: list[NodeKey] = [key]
    elif kind == UNIT:
        services = list(_neighbours(graph, key, PROVIDES, out=True))
    else:
        raise ValueError(f"expected a ('service', id) or ('unit', id) key, got {key!r}")
    found = (r for s in services for r in _neighbours(graph, s, EXPOSED_TO, out=True))
    ordered = sorted(dict.fromkeys(found), key=_order(graph))
    return _records(graph, iter(ordered))


def _order(graph: nx.MultiDiGraph) -> Any:
    position = graph.graph.get("order")
    if position is None:  # a graph not made by build_graph
        position = {k: n for n, k in enumerate(graph.nodes)}
    return position.__getitem__


def controls_of(graph: nx.MultiDiGraph, risk_id: str) -> tuple[Control, ...]:
    """The controls that mitigate a risk, retired ones included, in register order.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder().risk("R-1").risk("R-2")
        ...     .control("C-1", mitigates=["R-2"]).control("C-2", mitigates=["R-1", "R-2"]).build())
        >>> [c.id for c in controls_of(g, "R-2")]
        ['C-1', 'C-2']
        >>> controls_of(g, "R-404")
        ()
    """
    return _records(graph, _neighbours(graph, (RISK, risk_id), MITIGATES, out=False))


def services_protected_by(graph: nx.MultiDiGraph, control_id: str) -> tuple[Service, ...]:
    """The services whose risks a control mitigates, in register order.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder().risk("R-1", service="kk").risk("R-2", service="akta")
        ...     .control("C-1", mitigates=["R-2", "R-1"]).build())
        >>> [s.id for s in services_protected_by(g, "C-1")]
        ['kk', 'akta']
    """
    risks = _neighbours(graph, (CONTROL, control_id), MITIGATES, out=True)
    services = dict.fromkeys(s for r in risks for s in _neighbours(graph, r, EXPOSED_TO, out=False))
    return _records(graph, iter(sorted(services, key=_order(graph))))


def _effective(control: Control | None) -> bool:
    return (
        control is not None
        and control.status is ControlStatus.IMPLEMENTED
        and control.adequacy is Adequacy.ADEQUATE
    )


@attrs.frozen(kw_only=True)
class ImpactedRisk:
    """A risk left without an implemented adequate control, with its service and unit."""

    risk: Risk
    service: Service | None
    unit: Unit | None


def failure_impact(graph: nx.MultiDiGraph, control_id: str) -> tuple[ImpactedRisk, ...]:
    """The risks that lose their last implemented adequate control if this control fails.

    Only an implemented, adequate control protects anything; a control that is
    planned, inadequate or retired has no failure impact.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> ok = {"status": "implemented", "adequacy": "adequate"}
        >>> g = build_graph(RegisterBuilder().risk("R-1", service="kk").risk("R-2")
        ...     .control("C-1", mitigates=["R-1", "R-2"], **ok)
        ...     .control("C-2", mitigates=["R-2"], **ok).build())
        >>> [(i.risk.id, i.service.id, i.unit.id) for i in failure_impact(g, "C-1")]
        [('R-1', 'kk', 'unit-1')]
        >>> failure_impact(g, "C-404")
        ()
    """
    key = (CONTROL, control_id)
    if key not in graph or not _effective(_record(graph, key)):
        return ()
    out: list[ImpactedRisk] = []
    for rkey in dict.fromkeys(_neighbours(graph, key, MITIGATES, out=True)):
        others = (
            c
            for c in _neighbours(graph, rkey, MITIGATES, out=False)
            if c != key and _effective(_record(graph, c))
        )
        if next(others, None) is not None:
            continue
        risk = _record(graph, rkey)
        if risk is None:
            continue
        skey = next(_neighbours(graph, rkey, EXPOSED_TO, out=False), None)
        service = _record(graph, skey) if skey is not None else None
        ukey = next(_neighbours(graph, skey, PROVIDES, out=False), None) if skey else None
        unit = _record(graph, ukey) if ukey is not None else None
        out.append(ImpactedRisk(risk=risk, service=service, unit=unit))
    return tuple(out)


@attrs.frozen(kw_only=True)
class OwnerWorkload:
    """What one position carries: the risks it owns, the controls it operates, the open ones.

    ``open_controls`` are the planned or in-progress controls among ``controls``;
    ids are in register order.
    """

    owner: Owner
    risks: tuple[str, ...]
    controls: tuple[str, ...]
    open_controls: tuple[str, ...]


def owner_workload(graph: nx.MultiDiGraph) -> tuple[OwnerWorkload, ...]:
    """The workload of every owner in register order, retired controls left out.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder().owner("kasi").risk("R-1", owner="kabid")
        ...     .control("C-1", mitigates=["R-1"], owner="kabid")
        ...     .control("C-2", mitigates=["R-1"], owner="kabid", status="planned", due="2024-Q1")
        ...     .build())
        >>> [(w.owner.id, w.risks, w.controls, w.open_controls) for w in owner_workload(g)]
        [('kasi', (), (), ()), ('kabid', ('R-1',), ('C-1', 'C-2'), ('C-2',))]
    """
    out: list[OwnerWorkload] = []
    open_states = (ControlStatus.PLANNED, ControlStatus.IN_PROGRESS)
    for key, data in graph.nodes(data=True):
        if data["kind"] != OWNER or data["record"] is None:
            continue
        risks = tuple(k[1] for k in _neighbours(graph, key, OWNS, out=True))
        controls = [
            c
            for k in _neighbours(graph, key, OPERATES, out=True)
            if (c := _record(graph, k)) is not None and c.status is not ControlStatus.RETIRED
        ]
        out.append(
            OwnerWorkload(
                owner=data["record"],
                risks=risks,
                controls=tuple(c.id for c in controls),
                open_controls=tuple(c.id for c in controls if c.status in open_states),
            )
        )
    return tuple(out)


SELF_REVIEW = "self_review"
MAKER_CHECKER = "maker_checker"
SELF_TEST = "self_test"


@attrs.frozen(kw_only=True)
class SodConflict:
    """A segregation-of-duties conflict (*pemisahan tugas*): one position on both sides.

    ``kind`` is one of:

    * ``self_review``: the owner of a risk operates a detective control over it;
    * ``maker_checker``: one position operates both a preventive and a detective
      control of the same risk, so the check is not independent of the work;
    * ``self_test``: a control's latest test was done by the position that operates it.

    ``risk`` is None for ``self_test``; ``controls`` lists the controls involved.
    """

    kind: str
    owner: str
    risk: str | None
    controls: tuple[str, ...]


def sod_conflicts(graph: nx.MultiDiGraph) -> tuple[SodConflict, ...]:
    """Segregation-of-duties conflicts over non-retired controls, sorted by kind, owner, risk.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> g = build_graph(RegisterBuilder().risk("R-1", owner="kabid")
        ...     .control("C-1", mitigates=["R-1"], type="detective", owner="kabid",
        ...              tests=[{"date": "2023-06-01", "result": "effective", "by": "kabid"}])
        ...     .control("C-2", mitigates=["R-1"], type="preventive", owner="kabid").build())
        >>> for c in sod_conflicts(g):
        ...     print(c.kind, c.owner, c.risk, c.controls)
        maker_checker kabid R-1 ('C-2', 'C-1')
        self_review kabid R-1 ('C-1',)
        self_test kabid None ('C-1',)
    """
    found: list[SodConflict] = []
    for key, data in graph.nodes(data=True):
        if data["kind"] == RISK and data["record"] is not None:
            risk: Risk = data["record"]
            controls = [
                c
                for k in _neighbours(graph, key, MITIGATES, out=False)
                if (c := _record(graph, k)) is not None and c.status is not ControlStatus.RETIRED
            ]
            detective = [c for c in controls if c.type is ControlType.DETECTIVE]
            own = tuple(c.id for c in detective if risk.owner and c.owner == risk.owner)
            if own:
                found.append(
                    SodConflict(kind=SELF_REVIEW, owner=str(risk.owner), risk=risk.id, controls=own)
                )
            operators = dict.fromkeys(c.owner for c in controls if c.owner is not None)
            for owner in operators:
                mine = [c for c in controls if c.owner == owner]
                prev = [c.id for c in mine if c.type is ControlType.PREVENTIVE]
                det = [c.id for c in mine if c.type is ControlType.DETECTIVE]
                if prev and det:
                    found.append(
                        SodConflict(
                            kind=MAKER_CHECKER, owner=owner, risk=risk.id, controls=(*prev, *det)
                        )
                    )
        elif data["kind"] == CONTROL and data["record"] is not None:
            control: Control = data["record"]
            if control.status is ControlStatus.RETIRED or not control.tests or not control.owner:
                continue
            latest = max(control.tests, key=lambda t: t.date)
            if latest.by == control.owner:
                found.append(
                    SodConflict(
                        kind=SELF_TEST, owner=control.owner, risk=None, controls=(control.id,)
                    )
                )
    return tuple(sorted(found, key=lambda c: (c.kind, c.owner, c.risk or "", c.controls)))
