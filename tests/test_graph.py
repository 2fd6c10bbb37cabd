"""Tests of the register graph: its shape, that it is frozen, and each query."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from zi_risk.graph import (
    ImpactedRisk,
    SodConflict,
    build_graph,
    controls_of,
    failure_impact,
    owner_workload,
    risks_of,
    services_protected_by,
    sod_conflicts,
)
from zi_risk.model import Register
from zi_risk.testing import RegisterBuilder, registers

OK = {"status": "implemented", "adequacy": "adequate"}


def sample() -> Register:
    """Two units, three services, four risks, five controls, a shared owner."""
    return (
        RegisterBuilder()
        .unit("capil", head="kadis")
        .unit("kec")
        .owner("kadis", unit="capil")
        .owner("kasi", unit="capil")
        .service("ktp", unit="capil")
        .service("akta", unit="capil")
        .service("imb", unit="kec")
        .risk("R-1", service="ktp", owner="kadis", scheme="pungli")
        .risk("R-2", service="akta", owner="kadis")
        .risk("R-3", service="ktp", owner="kasi")
        .risk("R-4", service="imb")
        .control("C-1", mitigates=["R-1", "R-2"], owner="kasi", **OK)
        .control("C-2", mitigates=["R-2"], owner="kasi", type="detective", **OK)
        .control(
            "C-3",
            mitigates=["R-3"],
            type="detective",
            owner="kasi",
            status="planned",
            due="2024-Q1",
        )
        .control("C-4", mitigates=["R-4", "R-1"], status="retired", owner="kadis")
        .control("C-5", mitigates=["R-3"], owner="kasi", adequacy="inadequate")
        .build()
    )


def test_nodes_are_keyed_by_kind_and_carry_their_record() -> None:
    """Every record is a node (kind, id) with its kind and the frozen record as data."""
    reg = sample()
    g = build_graph(reg)
    kinds = {
        "unit": reg.units,
        "service": reg.services,
        "risk": reg.risks,
        "control": reg.controls,
        "owner": reg.owners,
    }
    assert g.number_of_nodes() == sum(len(v) for v in kinds.values())
    for kind, records in kinds.items():
        for record in records:
            assert g.nodes[(kind, record.id)] == {"kind": kind, "record": record}


def test_edges_carry_their_relation_as_key_and_attribute() -> None:
    """Edges are provides, exposed_to, mitigates, owns, operates and belongs_to."""
    g = build_graph(sample())
    rels = sorted({k for _, _, k in g.edges(keys=True)})
    assert rels == ["belongs_to", "exposed_to", "mitigates", "operates", "owns", "provides"]
    assert all(d["rel"] == k for _, _, k, d in g.edges(keys=True, data=True))
    assert g.has_edge(("unit", "capil"), ("service", "ktp"), key="provides")
    assert g.has_edge(("service", "ktp"), ("risk", "R-1"), key="exposed_to")
    assert g.has_edge(("control", "C-4"), ("risk", "R-1"), key="mitigates")
    assert g.has_edge(("owner", "kadis"), ("risk", "R-2"), key="owns")
    assert g.has_edge(("owner", "kasi"), ("control", "C-2"), key="operates")
    assert g.has_edge(("owner", "kasi"), ("unit", "capil"), key="belongs_to")


def test_the_graph_is_frozen() -> None:
    """Nobody can change the graph a query received."""
    g = build_graph(sample())
    with pytest.raises(nx.NetworkXError):
        g.add_node(("unit", "x"))


def test_kinds_never_collide() -> None:
    """A risk and a control with the same id are two nodes."""
    reg = RegisterBuilder().risk("X-1").control("X-1", mitigates=["X-1"]).build()
    g = build_graph(reg)
    assert g.has_edge(("control", "X-1"), ("risk", "X-1"))
    assert g.nodes[("risk", "X-1")]["kind"] == "risk"


def test_risks_of_services_and_units() -> None:
    """A unit's risks are those of all its services, in register order."""
    g = build_graph(sample())
    assert [r.id for r in risks_of(g, ("unit", "capil"))] == ["R-1", "R-2", "R-3"]
    assert [r.id for r in risks_of(g, ("service", "ktp"))] == ["R-1", "R-3"]
    assert risks_of(g, ("unit", "nowhere")) == ()
    with pytest.raises(ValueError, match="expected a"):
        risks_of(g, ("risk", "R-1"))


def test_controls_of_include_retired_ones() -> None:
    """The controls of a risk are every control that lists it, retired included."""
    g = build_graph(sample())
    assert [c.id for c in controls_of(g, "R-1")] == ["C-1", "C-4"]
    assert [c.id for c in controls_of(g, "R-3")] == ["C-3", "C-5"]


def test_services_protected_by_a_control() -> None:
    """A control protects each service with a risk it mitigates, listed once."""
    g = build_graph(sample())
    assert [s.id for s in services_protected_by(g, "C-1")] == ["ktp", "akta"]
    assert [s.id for s in services_protected_by(g, "C-4")] == ["ktp", "imb"]
    assert services_protected_by(g, "nope") == ()


def test_failure_impact_lists_risks_left_without_effective_control() -> None:
    """Only risks whose last implemented adequate control fails are impacted."""
    reg = sample()
    g = build_graph(reg)
    index = reg.index()
    assert failure_impact(g, "C-1") == (
        ImpactedRisk(
            risk=index.risks["R-1"], service=index.services["ktp"], unit=index.units["capil"]
        ),
    )  # R-2 keeps C-2
    assert failure_impact(g, "C-2") == ()  # R-2 keeps C-1
    assert failure_impact(g, "C-5") == ()  # inadequate: protects nothing
    assert failure_impact(g, "C-3") == ()  # planned


def test_owner_workload() -> None:
    """Each owner's risks, live controls and open controls, in register order."""
    g = build_graph(sample())
    work = {w.owner.id: (w.risks, w.controls, w.open_controls) for w in owner_workload(g)}
    assert work == {
        "kadis": (("R-1", "R-2"), (), ()),
        "kasi": (("R-3",), ("C-1", "C-2", "C-3", "C-5"), ("C-3",)),
    }


def test_sod_conflicts() -> None:
    """Self-review, maker-checker and self-test conflicts are found; retired controls ignored."""
    g = build_graph(sample())
    assert sod_conflicts(g) == (
        SodConflict(kind="maker_checker", owner="kasi", risk="R-2", controls=("C-1", "C-2")),
        SodConflict(kind="maker_checker", owner="kasi", risk="R-3", controls=("C-5", "C-3")),
        SodConflict(kind="self_review", owner="kasi", risk="R-3", controls=("C-3",)),
    )
    tested = (
        RegisterBuilder()
        .risk("R-1", owner="a")
        .control(
            "C-1",
            mitigates=["R-1"],
            owner="b",
            tests=[
                {"date": "2023-01-01", "result": "effective", "by": "x"},
                {"date": "2023-06-01", "result": "effective", "by": "b"},
            ],
        )
        .build()
    )
    assert sod_conflicts(build_graph(tested)) == (
        SodConflict(kind="self_test", owner="b", risk=None, controls=("C-1",)),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reg=registers())
def test_queries_agree_with_the_register(reg: Register) -> None:
    """For any register, the queries give what a direct reading of the records gives."""
    g = build_graph(reg)
    service_unit = {s.id: s.unit for s in reg.services}
    for unit in reg.units:
        expected = [r.id for r in reg.risks if service_unit[r.service] == unit.id]
        assert [r.id for r in risks_of(g, ("unit", unit.id))] == expected
    for risk in reg.risks:
        assert [c.id for c in controls_of(g, risk.id)] == [
            c.id for c in reg.controls if risk.id in c.mitigates
        ]
    for w in owner_workload(g):
        assert w.risks == tuple(r.id for r in reg.risks if r.owner == w.owner.id)
