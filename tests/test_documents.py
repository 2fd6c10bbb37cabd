"""Tests of zi_risk.documents: the view data of each document kind."""

from __future__ import annotations

import html
from collections import Counter

import pytest

from zi_risk.documents import (
    audit_view,
    build_views,
    heatmap_view,
    register_view,
    rtp_view,
    scope,
)
from zi_risk.errors import UsageError
from zi_risk.graph import build_graph, failure_impact
from zi_risk.loader import load_register
from zi_risk.rendering import render
from zi_risk.scoring import rank_risks, score_register

from .conftest import EXAMPLE
from .render_fixtures import small_register


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    return load_register(EXAMPLE)


@pytest.fixture(scope="module")
def example_html(example) -> str:  # type: ignore[no-untyped-def]
    return str(render(example, "register", "html"))


def test_every_risk_and_control_appears_in_the_register_document(example, example_html) -> None:  # type: ignore[no-untyped-def]
    """Each risk (code and name) and each control (code and name) of the example is printed."""
    for risk in example.risks:
        assert f">{risk.id}<" in example_html, risk.id
        assert html.escape(risk.name, quote=False) in example_html, risk.id
    for control in example.controls:
        assert control.id in example_html, control.id
        assert html.escape(control.name, quote=False) in example_html, control.id


def test_every_risk_appears_in_the_markdown_register(example) -> None:  # type: ignore[no-untyped-def]
    """The Markdown register lists every risk code too."""
    text = str(render(example, "register", "md"))
    for risk in example.risks:
        assert f"| {risk.id} |" in text, risk.id


@pytest.mark.parametrize("which", ["inherent", "residual"])
def test_heat_map_counts_equal_the_scored_levels(example, which: str) -> None:  # type: ignore[no-untyped-def]
    """Each heat-map cell holds exactly the risks scored at its likelihood and impact."""
    scores = score_register(example)
    expected: Counter[tuple[int, int]] = Counter()
    codes: dict[tuple[int, int], list[str]] = {}
    for s in scores:
        chosen = s.inherent if which == "inherent" else s.current
        expected[(chosen.likelihood, chosen.impact)] += 1
        codes.setdefault((chosen.likelihood, chosen.impact), []).append(s.id)
    view = heatmap_view(example)
    grid = next(m for m in view.maps if m.id == which).grid
    assert len(grid.cells) == 25
    for cell in grid.cells:
        key = (cell.likelihood, cell.impact)
        assert cell.count == expected[key], key
        assert list(cell.codes) == codes.get(key, [])
    assert grid.total == len(example.risks)


def test_band_counts_match_the_maps(example) -> None:  # type: ignore[no-untyped-def]
    """The Keterangan Level table counts the same risks per band as the maps."""
    view = register_view(example)
    for m, attr in zip(view.maps, ("inherent", "residual"), strict=True):
        per_band: Counter[str] = Counter()
        for cell in m.grid.cells:
            per_band[cell.band] += cell.count
        assert {b.name: getattr(b, attr) for b in view.bands} == {
            b.name: per_band[b.name] for b in view.bands
        }


def test_priority_list_follows_rank_risks(example) -> None:  # type: ignore[no-untyped-def]
    """The Daftar Risiko Prioritas is rank_risks filtered to above-appetite or top-two bands."""
    view = register_view(example)
    ranked = [s.id for s in rank_risks(example) if s.above_appetite or s.current.level >= 4]
    assert [r.id for r in view.priority] == ranked


def test_risk_rows_are_numbered_in_register_order_by_unit() -> None:
    """Rows are grouped by unit in register order and numbered 1..n across the document."""
    view = register_view(small_register())
    assert [(g.id, [r.id for r in g.risks]) for g in view.groups] == [
        ("dukcapil", ["R-1", "R-2", "R-3"]),
        ("dpmptsp", ["R-10", "R-11"]),
    ]
    assert [r.no for g in view.groups for r in g.risks] == [1, 2, 3, 4, 5]


def test_existing_and_planned_controls_are_split() -> None:
    """Implemented controls are Pengendalian Terpasang, planned ones go to the RTP."""
    row = register_view(small_register()).groups[0].risks[0]
    assert [c.id for c in row.existing] == ["C-1", "C-2"]
    assert [(c.id, c.adequacy) for c in row.existing] == [
        ("C-1", "memadai"),
        ("C-2", "belum memadai"),
    ]
    assert [c.id for c in row.planned] == ["C-3"]
    assert row.exists == "Ada"
    assert register_view(small_register()).groups[1].risks[0].exists == "Belum Ada"


def test_rtp_counts_a_shared_control_once() -> None:
    """A planned control serving two units appears under both but is budgeted once."""
    view = rtp_view(small_register())
    assert [[p.control.id for p in g.plan] for g in view.groups] == [["C-3"], ["C-4", "C-3"]]
    assert (view.count, view.total_budget) == (2, "Rp2.500.000")


def test_formats_follow_the_language() -> None:
    """Dates, quarters and Rupiah are formatted for the language's locale."""
    id_view = rtp_view(small_register(), "id")
    en_view = rtp_view(small_register(), "en")
    c4_id = id_view.groups[1].plan[0].control
    c4_en = en_view.groups[1].plan[0].control
    assert (c4_id.due, c4_en.due) == ("31 Maret 2024", "31 March 2024")
    c3_en = en_view.groups[0].plan[0].control
    assert (c3_en.due, c3_en.budget) == ("Q2 2024", "Rp2,500,000")
    assert id_view.signature.place_date == "Kraksaan, 13 November 2023"


def test_signature_of_a_unit_is_its_head() -> None:
    """A unit's documents are signed by the unit's head with name and NIP."""
    sig = register_view(small_register(), unit="dukcapil").signature
    assert [(s.position, s.name, s.nip) for s in sig.signatories] == [
        (
            "Kepala Dinas Kependudukan dan Pencatatan Sipil",
            "Siti Aminah",
            "NIP. 197502022000122002",
        ),
    ]


def test_scope_keeps_one_unit() -> None:
    """scope() keeps the unit's services, their risks and the controls that touch them."""
    part = scope(small_register(), "dpmptsp")
    assert [u.id for u in part.units] == ["dpmptsp"]
    assert [r.id for r in part.risks] == ["R-10", "R-11"]
    assert [c.id for c in part.controls] == ["C-3", "C-4"]
    with pytest.raises(UsageError):
        scope(small_register(), "nope")


def test_failure_impact_matches_the_graph(example) -> None:  # type: ignore[no-untyped-def]
    """The audit's failure-impact rows agree with graph.failure_impact on the whole register."""
    view = audit_view(example)
    graph = build_graph(example)
    assert view.failures
    for row in view.failures:
        direct = [i.risk.id for i in failure_impact(graph, row.control)]
        assert [part.split(" ")[0] for part in row.risks.split(", ")] == direct
    best = [(r.above, r.besaran) for r in view.failures]
    assert best == sorted(best, reverse=True)


def test_coverage_matrix_covers_every_risk(example) -> None:  # type: ignore[no-untyped-def]
    """Every risk of every unit has a row in the audit's coverage matrices."""
    view = audit_view(example)
    rows = {r.risk for m in view.matrices for r in m.rows}
    assert rows == {r.id for r in example.risks}
    assert all(len(m.controls) <= 14 for m in view.matrices)


def test_build_views_shares_one_context() -> None:
    """build_views returns the same views as the single builders."""
    reg = small_register()
    views = build_views(reg, ["register", "rtp", "audit", "heatmap"], "en")
    assert views["rtp"] == rtp_view(reg, "en")
    assert views["heatmap"] == heatmap_view(reg, "en")
    with pytest.raises(UsageError):
        build_views(reg, ["nope"])


def test_a_large_unit_gets_one_coverage_matrix_per_service() -> None:
    """A unit with more controls than fit a page is shown service by service, so the
    audit document grows with the register, not with risks times controls."""
    from zi_risk.documents import audit_view
    from zi_risk.testing import RegisterBuilder

    builder = RegisterBuilder().unit("u1", "Unit Besar")
    for s in range(4):
        builder.service(f"s{s}", unit="u1", name=f"Layanan {s}")
        for r in range(5):
            rid = f"R-{s}-{r}"
            builder.risk(rid, service=f"s{s}", likelihood=4, impact=4, owner="o1")
            builder.control(f"C-{s}-{r}", mitigates=[rid], adequacy="adequate", owner="o2")
    view = audit_view(builder.build(), unit="u1")
    assert [m.unit for m in view.matrices] == [f"Unit Besar – Layanan {s}" for s in range(4)]
    assert all(len(m.rows) == 5 and len(m.controls) == 5 for m in view.matrices)
