"""Derived residual risk: a versioned, explained suggestion from a risk's own controls.

Indonesian practice re-scores residual risk (*risiko residual*) by judgement after
recording the existing controls, so a register's manual residual stays the
default. A register that sets ``residual_method: zi-residual-1`` also gets a
*derived* residual, computed here from the controls that mitigate each risk:

* only controls that are **implemented** (*terpasang*) and judged **adequate**
  (*memadai*), and whose latest test (if any) was not *tidak efektif*, earn credit;
* each such **preventive** control lowers likelihood by one level, each
  **detective** or **corrective** control lowers impact by one level;
* at most :data:`MAX_CREDIT` levels per axis, never below level 1;
* credit goes only to the risks a control lists in ``mitigates``.

The result never exceeds the inherent besaran: if the criteria allow a decreasing
grid, the lowest besaran among the credited levels is taken.

Examples:
    >>> from zi_risk.criteria import default_criteria
    >>> from zi_risk.model import Assessment, Control, Risk
    >>> from zi_risk.vocab import Adequacy, ControlStatus, ControlType
    >>> risk = Risk(id="R1", service="S1", name="Pungli",
    ...             inherent=Assessment(likelihood=4, impact=5))
    >>> sop = Control(id="K1", name="SOP", type=ControlType.PREVENTIVE,
    ...               status=ControlStatus.IMPLEMENTED, adequacy=Adequacy.ADEQUATE,
    ...               mitigates=("R1",))
    >>> d = derive_residual(risk, [sop], default_criteria())
    >>> d.assessment.likelihood, d.assessment.impact, d.besaran
    (3, 5, 22)
    >>> print(d.explain())
    zi-residual-1: from inherent likelihood 4 x impact 5 (besaran 24)
      K1 (preventive, implemented, adequate): likelihood -1
      = likelihood 3 x impact 5 (besaran 22)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs

from .criteria import RiskCriteria
from .errors import UsageError
from .model import Assessment, Control, Risk
from .vocab import Adequacy, ControlStatus, ControlType, TestResult

__all__ = [
    "MAX_CREDIT",
    "RESIDUAL_METHODS",
    "Contribution",
    "Derivation",
    "check_method",
    "derive_residual",
]

RESIDUAL_METHODS: tuple[str, ...] = ("zi-residual-1",)
"""Versioned methods of deriving residual risk; a register picks one with ``residual_method``.

Manual residual (the assessor's judgement) is the default and needs no method.
"""

MAX_CREDIT = 2
"""The most levels ``zi-residual-1`` lowers likelihood, or impact, for one risk."""

LIKELIHOOD = "likelihood"
IMPACT = "impact"

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "likelihood": "likelihood",
        "impact": "impact",
        "credited": "{axis} -1",
        "retired": "no credit, retired",
        "not_implemented": "no credit, not implemented yet",
        "inadequate": "no credit, judged inadequate",
        "unassessed": "no credit, adequacy not assessed",
        "failed_test": "no credit, latest test ({date}) ineffective",
        "cap": "no credit, {axis} already lowered by {n} levels (the most this method allows)",
        "floor": "no credit, {axis} already at level 1",
        "no_controls": "no control mitigates this risk",
        "head": "{method}: from inherent likelihood {l} x impact {i} (besaran {b})",
        "tail": "= likelihood {l} x impact {i} (besaran {b})",
        "decreasing": (
            "= likelihood {l} x impact {i} (besaran {b}), the lowest besaran within "
            "the credited levels (the criteria allow a decreasing grid)"
        ),
    },
    "id": {
        "likelihood": "kemungkinan",
        "impact": "dampak",
        "credited": "{axis} -1",
        "retired": "tanpa kredit, tidak berlaku lagi",
        "not_implemented": "tanpa kredit, belum terpasang",
        "inadequate": "tanpa kredit, belum memadai",
        "unassessed": "tanpa kredit, kememadaian belum dinilai",
        "failed_test": "tanpa kredit, uji terakhir ({date}) tidak efektif",
        "cap": "tanpa kredit, {axis} sudah turun {n} level (batas metode ini)",
        "floor": "tanpa kredit, {axis} sudah di level 1",
        "no_controls": "tidak ada pengendalian yang memitigasi risiko ini",
        "head": "{method}: dari risiko inheren kemungkinan {l} x dampak {i} (besaran {b})",
        "tail": "= kemungkinan {l} x dampak {i} (besaran {b})",
        "decreasing": (
            "= kemungkinan {l} x dampak {i} (besaran {b}), besaran terendah dalam "
            "level yang dikreditkan (kriteria mengizinkan grid menurun)"
        ),
    },
}


def _text(lang: str) -> dict[str, str]:
    return _TEXT["id"] if lang == "id" else _TEXT["en"]


@attrs.frozen(kw_only=True)
class Contribution:
    """What one control did to a derived residual: the axis, the levels, and why.

    ``reason`` is a stable code: ``credited``, ``retired``, ``not_implemented``,
    ``inadequate``, ``unassessed``, ``failed_test``, ``cap`` or ``floor``.
    """

    control: str
    type: ControlType
    status: ControlStatus
    adequacy: Adequacy
    axis: str
    levels: int
    reason: str
    test_date: str | None = None

    def explain(self, lang: str = "en") -> str:
        """One line: the control, its state, and its effect.

        Examples:
            >>> c = Contribution(control="K9", type=ControlType.DETECTIVE,
            ...                  status=ControlStatus.PLANNED, adequacy=Adequacy.UNASSESSED,
            ...                  axis="impact", levels=0, reason="not_implemented")
            >>> c.explain("id")
            'K9 (detektif, rencana, belum dinilai): tanpa kredit, belum terpasang'
        """
        t = _text(lang)
        state = ", ".join(x.label(lang) for x in (self.type, self.status, self.adequacy))
        effect = t[self.reason].format(axis=t[self.axis], n=MAX_CREDIT, date=self.test_date)
        return f"{self.control} ({state}): {effect}"


@attrs.frozen(kw_only=True)
class Derivation:
    """A derived residual: the method, the inherent and derived levels, and how they were reached.

    ``controls`` are the controls that mitigate the risk, in register order;
    :attr:`contributions` says what each of them did.
    """

    method: str
    risk: str
    inherent: Assessment
    inherent_besaran: int
    assessment: Assessment
    besaran: int
    controls: tuple[Control, ...] = ()
    decreasing: bool = False

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """What each control did, in order (computed when asked for)."""
        start = {LIKELIHOOD: self.inherent.likelihood, IMPACT: self.inherent.impact}
        credit = {LIKELIHOOD: 0, IMPACT: 0}
        return tuple(_contribution(c, credit, start) for c in self.controls)

    @property
    def likelihood_credit(self) -> int:
        """Levels of likelihood credited (before the grid's shape is taken into account)."""
        return sum(c.levels for c in self.contributions if c.axis == LIKELIHOOD)

    @property
    def impact_credit(self) -> int:
        """Levels of impact credited."""
        return sum(c.levels for c in self.contributions if c.axis == IMPACT)

    def explain(self, lang: str = "en") -> str:
        """The derivation, one line per control, ending with the derived levels."""
        t = _text(lang)
        inh = self.inherent
        lines = [
            t["head"].format(
                method=self.method, l=inh.likelihood, i=inh.impact, b=self.inherent_besaran
            )
        ]
        lines += [f"  {c.explain(lang)}" for c in self.contributions]
        if not self.controls:
            lines.append(f"  {t['no_controls']}")
        a = self.assessment
        tail = t["decreasing" if self.decreasing else "tail"]
        lines.append(f"  {tail.format(l=a.likelihood, i=a.impact, b=self.besaran)}")
        return "\n".join(lines)


def _latest_test_failed(control: Control) -> str | None:
    if not control.tests:
        return None
    latest = max(control.tests, key=lambda t: t.date)
    return latest.date.isoformat() if latest.result is TestResult.INEFFECTIVE else None


def _axis(control: Control) -> str:
    return LIKELIHOOD if control.type is ControlType.PREVENTIVE else IMPACT


def _contribution(control: Control, credit: dict[str, int], start: dict[str, int]) -> Contribution:
    axis = _axis(control)
    failed = None
    if control.status is ControlStatus.RETIRED:
        reason = "retired"
    elif control.status is not ControlStatus.IMPLEMENTED:
        reason = "not_implemented"
    elif control.adequacy is Adequacy.INADEQUATE:
        reason = "inadequate"
    elif control.adequacy is not Adequacy.ADEQUATE:
        reason = "unassessed"
    elif (failed := _latest_test_failed(control)) is not None:
        reason = "failed_test"
    elif credit[axis] >= MAX_CREDIT:
        reason = "cap"
    elif start[axis] - credit[axis] <= 1:
        reason = "floor"
    else:
        reason = "credited"
        credit[axis] += 1
    return Contribution(
        control=control.id,
        type=control.type,
        status=control.status,
        adequacy=control.adequacy,
        axis=axis,
        levels=1 if reason == "credited" else 0,
        reason=reason,
        test_date=failed,
    )


def _credits(controls: tuple[Control, ...], likelihood: int, impact: int) -> tuple[int, int]:
    """Levels credited on each axis; the same rules as :func:`_contribution`, without records."""
    cl = ci = 0
    for c in controls:
        if c.status is not ControlStatus.IMPLEMENTED or c.adequacy is not Adequacy.ADEQUATE:
            continue
        if c.tests and _latest_test_failed(c) is not None:
            continue
        if c.type is ControlType.PREVENTIVE:
            if cl < MAX_CREDIT and likelihood - cl > 1:
                cl += 1
        elif ci < MAX_CREDIT and impact - ci > 1:
            ci += 1
    return cl, ci


def check_method(method: str) -> None:
    """Raise :class:`~zi_risk.errors.UsageError` unless ``method`` is a known residual method.

    Examples:
        >>> check_method("zi-residual-2")
        Traceback (most recent call last):
        ...
        zi_risk.errors.UsageError: no residual method 'zi-residual-2' \
(did you mean 'zi-residual-1'?); methods: zi-residual-1
    """
    if method not in RESIDUAL_METHODS:
        close = difflib.get_close_matches(method, RESIDUAL_METHODS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(
            f"no residual method {method!r}{hint}; methods: {', '.join(RESIDUAL_METHODS)}"
        )


def derive_residual(
    risk: Risk,
    controls: Iterable[Control],
    criteria: RiskCriteria,
    method: str = "zi-residual-1",
) -> Derivation:
    """Suggest a residual for ``risk`` from the controls that mitigate it.

    ``controls`` may hold any controls: those that do not list ``risk.id`` in
    ``mitigates`` are ignored, so credit never leaks between risks. Controls are
    considered in the order given (the register's order), which decides which
    control meets the per-axis cap first.

    Raises:
        UsageError: ``method`` is not one of :data:`RESIDUAL_METHODS`.
        ValueError: the inherent levels lie outside the criteria's scales.
    """
    check_method(method)
    rid = risk.id
    return _derive(risk, tuple(c for c in controls if rid in c.mitigates), criteria, method)


def _derive(
    risk: Risk, controls: tuple[Control, ...], criteria: RiskCriteria, method: str
) -> Derivation:
    """:func:`derive_residual` for controls already known to mitigate ``risk``."""
    inherent = risk.inherent
    lv0, iv0 = inherent.likelihood, inherent.impact
    top = criteria.besaran(lv0, iv0)
    cl, ci = _credits(controls, lv0, iv0) if controls else (0, 0)
    if not (cl or ci):
        return Derivation(
            method=method,
            risk=risk.id,
            inherent=inherent,
            inherent_besaran=top,
            assessment=inherent,
            besaran=top,
            controls=controls,
        )
    low_l, low_i = lv0 - cl, iv0 - ci
    best = (criteria.besaran(low_l, low_i), low_l, low_i)
    if criteria.allow_decreasing:
        best = min(
            (criteria.besaran(lv, iv), lv, iv)
            for lv in range(low_l, lv0 + 1)
            for iv in range(low_i, iv0 + 1)
        )
    besaran, lv, iv = best
    drop = iv0 - iv
    areas = tuple((k, max(1, v - drop)) for k, v in inherent.impact_areas)
    return Derivation(
        method=method,
        risk=risk.id,
        inherent=inherent,
        inherent_besaran=top,
        assessment=Assessment(likelihood=lv, impact=iv, impact_areas=areas),
        besaran=besaran,
        controls=controls,
        decreasing=(lv, iv) != (low_l, low_i),
    )
