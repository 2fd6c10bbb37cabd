"""The derived residual zi-residual-1: credit rules, explanations and its guarantees."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_risk.criteria import (
    PRESET_NAMES,
    RiskCriteria,
    criteria_from_data,
    default_criteria,
    preset,
)
from zi_risk.errors import UsageError
from zi_risk.model import Assessment, Control, Risk, Test
from zi_risk.residual import MAX_CREDIT, RESIDUAL_METHODS, derive_residual
from zi_risk.vocab import Adequacy, ControlStatus, ControlType, TestResult

P, D, C = ControlType.PREVENTIVE, ControlType.DETECTIVE, ControlType.CORRECTIVE
IMPL, PLAN, PROG, RET = (
    ControlStatus.IMPLEMENTED,
    ControlStatus.PLANNED,
    ControlStatus.IN_PROGRESS,
    ControlStatus.RETIRED,
)
OK, BAD, UNK = Adequacy.ADEQUATE, Adequacy.INADEQUATE, Adequacy.UNASSESSED


def risk(likelihood: int = 4, impact: int = 5, rid: str = "R1", **kw: object) -> Risk:
    return Risk(
        id=rid,
        service="S1",
        name="Pungli",
        inherent=Assessment(likelihood=likelihood, impact=impact, **kw),  # type: ignore[arg-type]
    )


def control(
    cid: str,
    kind: ControlType = P,
    status: ControlStatus = IMPL,
    adequacy: Adequacy = OK,
    mitigates: tuple[str, ...] = ("R1",),
    tests: tuple[Test, ...] = (),
) -> Control:
    return Control(
        id=cid,
        name=cid,
        type=kind,
        status=status,
        adequacy=adequacy,
        mitigates=mitigates,
        tests=tests,
    )


def test_methods_are_versioned() -> None:
    """The only method today is zi-residual-1; its name carries its version."""
    assert RESIDUAL_METHODS == ("zi-residual-1",)
    assert MAX_CREDIT == 2


def test_worked_example_of_the_docs() -> None:
    """The docs' worked example: 4x5=24 with five controls gives 3x3=14, explained per control."""
    controls = [
        control("K-01", P),
        control("K-02", D),
        control("K-03", C),
        control("K-04", P, adequacy=BAD),
        control("K-05", D, status=PLAN, adequacy=UNK),
    ]
    d = derive_residual(risk(4, 5), controls, default_criteria())
    assert (d.assessment.likelihood, d.assessment.impact, d.besaran) == (3, 3, 14)
    assert d.method == "zi-residual-1"
    assert d.explain() == (
        "zi-residual-1: from inherent likelihood 4 x impact 5 (besaran 24)\n"
        "  K-01 (preventive, implemented, adequate): likelihood -1\n"
        "  K-02 (detective, implemented, adequate): impact -1\n"
        "  K-03 (corrective, implemented, adequate): impact -1\n"
        "  K-04 (preventive, implemented, inadequate): no credit, judged inadequate\n"
        "  K-05 (detective, planned, not assessed): no credit, not implemented yet\n"
        "  = likelihood 3 x impact 3 (besaran 14)"
    )
    assert d.explain("id").splitlines()[0] == (
        "zi-residual-1: dari risiko inheren kemungkinan 4 x dampak 5 (besaran 24)"
    )
    assert (d.likelihood_credit, d.impact_credit) == (1, 2)


def test_credit_is_capped_at_two_levels_per_axis() -> None:
    """A third preventive control earns nothing, and says why."""
    controls = [control("K1"), control("K2"), control("K3")]
    d = derive_residual(risk(5, 5), controls, default_criteria())
    assert d.assessment.likelihood == 3
    assert [c.reason for c in d.contributions] == ["credited", "credited", "cap"]
    assert d.contributions[2].explain() == (
        "K3 (preventive, implemented, adequate): no credit, likelihood already lowered "
        "by 2 levels (the most this method allows)"
    )


def test_credit_never_goes_below_level_one() -> None:
    """At likelihood 1 a preventive control earns no credit; at impact 2 only one level."""
    d = derive_residual(
        risk(1, 2), [control("K1"), control("K2", D), control("K3", C)], default_criteria()
    )
    assert (d.assessment.likelihood, d.assessment.impact) == (1, 1)
    assert [c.reason for c in d.contributions] == ["floor", "credited", "floor"]
    assert d.contributions[0].explain() == (
        "K1 (preventive, implemented, adequate): no credit, likelihood already at level 1"
    )


@pytest.mark.parametrize(
    ("status", "adequacy", "reason", "text"),
    [
        (PLAN, OK, "not_implemented", "no credit, not implemented yet"),
        (PROG, OK, "not_implemented", "no credit, not implemented yet"),
        (RET, OK, "retired", "no credit, retired"),
        (IMPL, BAD, "inadequate", "no credit, judged inadequate"),
        (IMPL, UNK, "unassessed", "no credit, adequacy not assessed"),
    ],
)
def test_controls_that_earn_no_credit_say_why(
    status: ControlStatus, adequacy: Adequacy, reason: str, text: str
) -> None:
    """Planned, in-progress, retired, inadequate and unassessed controls change nothing."""
    d = derive_residual(risk(4, 5), [control("K1", D, status, adequacy)], default_criteria())
    assert d.assessment == risk(4, 5).inherent
    assert d.besaran == 24
    (c,) = d.contributions
    assert c.reason == reason
    assert c.levels == 0
    assert c.explain().endswith(text)


def test_a_failed_latest_test_removes_the_credit() -> None:
    """The latest test decides: ineffective removes the credit, a later effective one keeps it."""
    fail = Test(date=dt.date(2024, 3, 1), result=TestResult.INEFFECTIVE)
    good = Test(date=dt.date(2024, 6, 1), result=TestResult.EFFECTIVE)
    c = default_criteria()
    failed = derive_residual(risk(), [control("K1", tests=(good, fail)[::-1])], c)
    assert failed.assessment.likelihood == 3  # the latest (June) test was effective
    d = derive_residual(risk(), [control("K1", tests=(fail,))], c)
    assert d.assessment.likelihood == 4
    assert d.contributions[0].explain() == (
        "K1 (preventive, implemented, adequate): no credit, latest test (2024-03-01) ineffective"
    )


def test_controls_of_other_risks_are_ignored() -> None:
    """A control that does not mitigate the risk is left out entirely."""
    d = derive_residual(risk(), [control("K1", mitigates=("R2",))], default_criteria())
    assert d.assessment == risk().inherent
    assert d.contributions == ()
    assert "no control mitigates this risk" in d.explain()


def test_per_area_impacts_drop_together_and_keep_the_worst_area() -> None:
    """Each area drops by the impact credit (not below 1); the worst area stays the worst."""
    r = risk(3, 4, impact_areas=(("keuangan", 2), ("reputasi", 4)))
    d = derive_residual(r, [control("K1", D)], default_criteria())
    assert d.assessment.impact_areas == (("keuangan", 1), ("reputasi", 3))
    assert d.assessment.worst_area == "reputasi"


def test_unknown_method_is_a_usage_error() -> None:
    """A misspelt method suggests the right one."""
    with pytest.raises(UsageError) as info:
        derive_residual(risk(), [], default_criteria(), method="zi-residual-2")
    assert str(info.value) == (
        "no residual method 'zi-residual-2' (did you mean 'zi-residual-1'?); methods: zi-residual-1"
    )


DECREASING = criteria_from_data(
    {
        "appetite": 1,
        "allow_decreasing": True,
        "likelihood": {"levels": [{"value": n, "name_id": f"L{n}"} for n in (1, 2, 3)]},
        "impact": {"levels": [{"value": n, "name_id": f"I{n}"} for n in (1, 2, 3)]},
        # a regulator's matrix that is not monotone: 2x2 is worse than 3x3
        "grid": {3: [4, 3, 5], 2: [2, 9, 7], 1: [1, 3, 8]},
        "bands": [{"name_id": "All", "low": 1, "high": 9, "colour": "#ffffff", "action_id": "-"}],
    },
    name="decreasing",
)


def test_on_a_decreasing_grid_the_lowest_besaran_within_the_credit_is_taken() -> None:
    """Lowering 3x3=5 one level each way reaches 2x2=9; the lowest cell within reach is 3x2=3."""
    d = derive_residual(risk(3, 3), [control("K1"), control("K2", D)], DECREASING)
    assert d.besaran == 3
    assert (d.assessment.likelihood, d.assessment.impact) == (3, 2)
    assert d.decreasing
    assert d.explain().splitlines()[-1] == (
        "  = likelihood 3 x impact 2 (besaran 3), the lowest besaran within the credited "
        "levels (the criteria allow a decreasing grid)"
    )


# --------------------------------------------------------------------------- properties

CRITERIA = [preset(n) for n in PRESET_NAMES] + [DECREASING]

controls_st = st.builds(
    control,
    cid=st.sampled_from(["K1", "K2", "K3", "K4", "K5", "K6"]),
    kind=st.sampled_from(list(ControlType)),
    status=st.sampled_from(list(ControlStatus)),
    adequacy=st.sampled_from(list(Adequacy)),
    mitigates=st.sampled_from([("R1",), ("R2",), ("R1", "R2"), ()]),
    tests=st.lists(
        st.builds(
            Test,
            date=st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
            result=st.sampled_from(list(TestResult)),
        ),
        max_size=2,
    ).map(tuple),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[RiskCriteria, Risk, list[Control]]:
    criteria = draw(st.sampled_from(CRITERIA))
    lv = draw(st.integers(1, len(criteria.likelihood)))
    iv = draw(st.integers(1, len(criteria.impact)))
    return criteria, risk(lv, iv), draw(st.lists(controls_st, max_size=6))


def levels(criteria: RiskCriteria, r: Risk, controls: list[Control]) -> tuple[int, int, int]:
    d = derive_residual(r, controls, criteria)
    return d.besaran, d.assessment.likelihood, d.assessment.impact


@given(case=cases())
def test_derived_residual_never_exceeds_inherent_nor_goes_below_one(
    case: tuple[RiskCriteria, Risk, list[Control]],
) -> None:
    """Besaran and both levels stay between level 1 and the inherent values."""
    criteria, r, controls = case
    besaran, lv, iv = levels(criteria, r, controls)
    assert besaran <= criteria.besaran(r.inherent.likelihood, r.inherent.impact)
    assert 1 <= lv <= r.inherent.likelihood
    assert 1 <= iv <= r.inherent.impact
    assert besaran == criteria.besaran(lv, iv)


@given(case=cases(), kind=st.sampled_from(list(ControlType)), at=st.integers(0, 6))
def test_adding_an_implemented_adequate_control_never_raises_it(
    case: tuple[RiskCriteria, Risk, list[Control]], kind: ControlType, at: int
) -> None:
    """Wherever a new implemented, adequate control goes, the besaran does not go up."""
    criteria, r, controls = case
    before = levels(criteria, r, controls)
    after = levels(criteria, r, [*controls[:at], control("KN", kind), *controls[at:]])
    assert after[0] <= before[0]


@given(
    case=cases(),
    kind=st.sampled_from(list(ControlType)),
    state=st.sampled_from(
        [(PLAN, OK), (PROG, OK), (RET, OK), (IMPL, UNK), (IMPL, BAD), (RET, UNK)]
    ),
    at=st.integers(0, 6),
)
def test_retired_planned_and_unassessed_controls_change_nothing(
    case: tuple[RiskCriteria, Risk, list[Control]],
    kind: ControlType,
    state: tuple[ControlStatus, Adequacy],
    at: int,
) -> None:
    """A control that earns no credit leaves the derived residual exactly as it was."""
    criteria, r, controls = case
    extra = control("KN", kind, *state)
    assert levels(criteria, r, [*controls[:at], extra, *controls[at:]]) == levels(
        criteria, r, controls
    )


@given(case=cases(), new=controls_st)
def test_a_control_only_affects_risks_it_mitigates(
    case: tuple[RiskCriteria, Risk, list[Control]], new: Control
) -> None:
    """Adding a control that does not list R1 never changes R1's derived residual."""
    criteria, r, controls = case
    other = Control(
        id=new.id,
        name=new.name,
        type=new.type,
        status=new.status,
        adequacy=new.adequacy,
        mitigates=tuple(m for m in new.mitigates if m != "R1"),
        tests=new.tests,
    )
    assert (
        derive_residual(r, [*controls, other], criteria).assessment
        == derive_residual(r, controls, criteria).assessment
    )


@given(case=cases())
def test_contributions_add_up_to_the_derived_levels(
    case: tuple[RiskCriteria, Risk, list[Control]],
) -> None:
    """The explanation's credits are exactly the levels removed (on a monotone grid)."""
    criteria, r, controls = case
    d = derive_residual(r, controls, criteria)
    mine = [c for c in controls if "R1" in c.mitigates]
    assert [c.control for c in d.contributions] == [c.id for c in mine]
    assert all(c.levels in (0, 1) for c in d.contributions)
    assert d.likelihood_credit <= MAX_CREDIT
    assert d.impact_credit <= MAX_CREDIT
    if not criteria.allow_decreasing:
        assert d.assessment.likelihood == r.inherent.likelihood - d.likelihood_credit
        assert d.assessment.impact == r.inherent.impact - d.impact_credit
