"""Scoring: besaran, level and colour of each assessment, appetite, and the priority order.

A :class:`Score` is what the official form shows for one assessment: the
*besaran* read from the criteria grid, its band (level name, colour, required
action) and, when impact was given per area, the worst area. :func:`score_register`
scores every risk (inherent, manual residual, derived residual, target) against
its appetite (*selera risiko*); :func:`rank_risks` gives the order of the *Daftar
Risiko Prioritas* (priority list): besaran, then impact, both highest first, then
risk id.

Examples:
    >>> from zi_risk.criteria import default_criteria
    >>> from zi_risk.model import Assessment
    >>> s = score(Assessment(likelihood=3, impact=4), default_criteria())
    >>> s.besaran, s.band.name_id, s.colour
    (17, 'Tinggi', '#ffc000')
    >>> s.explain()
    'likelihood 3 (Occasional) x impact 4 (Significant) = besaran 17, High'
    >>> a = Assessment(likelihood=2, impact=4, impact_areas=(("keuangan", 2), ("reputasi", 4)))
    >>> score(a, default_criteria()).explain("id")
    'kemungkinan 2 (Jarang Terjadi) x dampak 4 (Signifikan; area terburuk: Penurunan reputasi) \
= besaran 13, Sedang'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .bulk import bulk
from .criteria import Band, RiskCriteria
from .model import Assessment, Control, Register, Risk
from .residual import Derivation, check_method, derive_residual

__all__ = [
    "RiskScore",
    "Score",
    "format_score_table",
    "rank_risks",
    "score",
    "score_register",
    "scores_to_json",
]

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "score": "likelihood {l} ({ln}) x impact {i} ({iname}) = besaran {b}, {band}",
        "worst": "{name}; worst area: {area}",
        "yes": "yes",
        "no": "no",
        "none": "-",
        "h_rank": "#",
        "h_id": "risk",
        "h_unit": "unit",
        "h_service": "service",
        "h_inherent": "inherent",
        "h_residual": "residual",
        "h_derived": "derived ({method})",
        "h_level": "level",
        "h_appetite": "appetite",
        "h_above": "above appetite",
        "empty": "no risks",
    },
    "id": {
        "score": "kemungkinan {l} ({ln}) x dampak {i} ({iname}) = besaran {b}, {band}",
        "worst": "{name}; area terburuk: {area}",
        "yes": "ya",
        "no": "tidak",
        "none": "-",
        "h_rank": "#",
        "h_id": "risiko",
        "h_unit": "unit",
        "h_service": "layanan",
        "h_inherent": "inheren",
        "h_residual": "residual",
        "h_derived": "turunan ({method})",
        "h_level": "level",
        "h_appetite": "selera",
        "h_above": "di atas selera",
        "empty": "tidak ada risiko",
    },
}

MANUAL = "residual"
DERIVED = "derived"
INHERENT = "inherent"
"""Which assessment a risk is judged on (:attr:`RiskScore.basis`)."""


def _text(lang: str) -> dict[str, str]:
    return _TEXT["id"] if lang == "id" else _TEXT["en"]


@attrs.frozen(kw_only=True)
class Score:
    """The besaran, band and worst impact area of one assessment under some criteria.

    A derived residual names its ``method`` (e.g. ``zi-residual-1``), which is
    printed next to the number; its derivation is :attr:`RiskScore.derivation`.
    """

    likelihood: int
    impact: int
    besaran: int
    band: Band
    worst_area: str | None = None
    method: str | None = None
    criteria: RiskCriteria = attrs.field(eq=False, repr=False)

    @property
    def level(self) -> int:
        """The band's level number (1 = lowest)."""
        return self.band.level

    @property
    def colour(self) -> str:
        """The band's colour, ``#rrggbb``."""
        return self.band.colour

    def label(self, lang: str = "id") -> str:
        """``"17 Tinggi"``, with ``" [zi-residual-1]"`` appended for a derived score."""
        text = f"{self.besaran} {self.band.name(lang)}"
        return f"{text} [{self.method}]" if self.method else text

    def explain(self, lang: str = "en") -> str:
        """Why this score: the levels and their names, the worst area, the band."""
        t = _text(lang)
        c = self.criteria
        en = lang == "en"
        lv, iv = c.likelihood[self.likelihood - 1], c.impact[self.impact - 1]
        iname = iv.name_en if en else iv.name_id
        if self.worst_area is not None:
            area = c.area(self.worst_area)
            area_name = self.worst_area if area is None else (area.name_en if en else area.name_id)
            iname = t["worst"].format(name=iname, area=area_name)
        text = t["score"].format(
            l=self.likelihood,
            ln=lv.name_en if en else lv.name_id,
            i=self.impact,
            iname=iname,
            b=self.besaran,
            band=self.band.name(lang),
        )
        return f"{text} [{self.method}]" if self.method else text

    @property
    def explanation(self) -> str:
        """:meth:`explain` in English."""
        return self.explain("en")


def score(assessment: Assessment, criteria: RiskCriteria, *, method: str | None = None) -> Score:
    """Score ``assessment`` under ``criteria``: besaran, band, worst impact area.

    Raises:
        ValueError: a level lies outside the criteria's scales.

    Examples:
        >>> from zi_risk.criteria import default_criteria
        >>> from zi_risk.model import Assessment
        >>> c = default_criteria()
        >>> [score(Assessment(likelihood=lv, impact=iv), c).label() for lv, iv in
        ...  [(1, 5), (2, 2), (3, 4)]]
        ['20 Sangat Tinggi', '7 Rendah', '17 Tinggi']
    """
    besaran = criteria.besaran(assessment.likelihood, assessment.impact)
    return Score(
        likelihood=assessment.likelihood,
        impact=assessment.impact,
        besaran=besaran,
        band=criteria.band_of(besaran),
        worst_area=assessment.worst_area,
        method=method,
        criteria=criteria,
    )


@attrs.frozen(kw_only=True)
class RiskScore:
    """The scores of one risk and how it stands against its appetite.

    ``residual`` is the assessor's judgement, ``derived`` the suggestion of the
    register's ``residual_method`` (explained by ``derivation``); both are kept
    when both exist. A risk is
    judged on its manual residual, else its derived residual, else its inherent
    score (:attr:`basis`). ``appetite_from`` says where the appetite came from:
    ``unit``, ``register`` or ``criteria``.
    """

    risk: Risk = attrs.field(eq=False, repr=False)
    id: str
    unit: str | None
    service: str
    inherent: Score
    residual: Score | None = None
    derived: Score | None = None
    derivation: Derivation | None = None
    target: Score | None = None
    appetite: int
    appetite_from: str

    @property
    def basis(self) -> str:
        """``"residual"``, ``"derived"`` or ``"inherent"``: the score the risk is judged on."""
        if self.residual is not None:
            return MANUAL
        return DERIVED if self.derived is not None else INHERENT

    @property
    def current(self) -> Score:
        """The score the risk is judged on: manual residual, else derived, else inherent."""
        return self.residual or self.derived or self.inherent

    @property
    def above_appetite(self) -> bool:
        """Whether the current besaran is at or above the appetite (*di atas selera*)."""
        return self.current.besaran >= self.appetite


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> list[Any]:
    """A sort key that orders ``R-2`` before ``R-10``: text and numbers alternate."""
    parts: list[Any] = _DIGITS.split(text)
    parts[1::2] = map(int, parts[1::2])
    return parts


def _priority(rs: RiskScore) -> tuple[int, int, list[Any]]:
    cur = rs.current
    return (-cur.besaran, -cur.impact, _natural(rs.id))


def score_register(register: Register) -> tuple[RiskScore, ...]:
    """Score every risk of ``register``, in the register's order.

    Appetite: the unit's, else the register's, else the criteria's default. When
    the register sets ``residual_method``, each risk also gets a derived residual
    from the controls that mitigate it.

    Examples:
        >>> from zi_risk.model import Assessment, Register, Risk, Service, Unit
        >>> reg = Register(title="Register", organisation="Kab. X", year=2024, appetite=16,
        ...     units=(Unit(id="U1", name="Dukcapil", appetite=11),),
        ...     services=(Service(id="S1", unit="U1", name="KTP"),),
        ...     risks=(Risk(id="R1", service="S1", name="Pungli",
        ...                 inherent=Assessment(likelihood=3, impact=3)),))
        >>> [(s.id, s.inherent.besaran, s.appetite, s.appetite_from, s.above_appetite)
        ...  for s in score_register(reg)]
        [('R1', 14, 11, 'unit', True)]
    """
    criteria = register.criteria
    service_unit = {s.id: s.unit for s in register.services}
    unit_appetite = {u.id: u.appetite for u in register.units if u.appetite is not None}
    if register.appetite is not None:
        default, default_from = register.appetite, "register"
    else:
        default, default_from = criteria.appetite, "criteria"
    method = register.residual_method
    by_risk: dict[str, list[Control]] = {}
    if method is not None:
        check_method(method)
        for control in register.controls:
            for rid in set(control.mitigates):
                by_risk.setdefault(rid, []).append(control)
    cache: dict[tuple[int, int, str | None, str | None], Score] = {}

    def judged(a: Assessment, how: str | None = None) -> Score:
        key = (a.likelihood, a.impact, a.worst_area if a.impact_areas else None, how)
        found = cache.get(key)
        if found is None:
            found = cache[key] = score(a, criteria, method=how)
        return found

    out: list[RiskScore] = []
    with bulk():
        for risk in register.risks:
            unit = service_unit.get(risk.service)
            appetite = unit_appetite.get(unit) if unit is not None else None
            d = derived = None
            if method is not None:
                d = derive_residual(risk, by_risk.get(risk.id, ()), criteria, method)
                derived = judged(d.assessment, method)
            out.append(
                RiskScore(
                    risk=risk,
                    id=risk.id,
                    unit=unit,
                    service=risk.service,
                    inherent=judged(risk.inherent),
                    residual=None if risk.residual is None else judged(risk.residual),
                    derived=derived,
                    derivation=d,
                    target=None if risk.target is None else judged(risk.target),
                    appetite=default if appetite is None else appetite,
                    appetite_from=default_from if appetite is None else "unit",
                )
            )
    return tuple(out)


def rank_risks(scores: Register | Iterable[RiskScore]) -> tuple[RiskScore, ...]:
    """The *Daftar Risiko Prioritas* order: besaran, then impact (highest first), then id.

    Both are those of the score each risk is judged on (:attr:`RiskScore.current`);
    ids compare naturally (``R-2`` before ``R-10``).

    Examples:
        >>> from zi_risk.model import Assessment, Register, Risk
        >>> def risk(rid, lv, iv):
        ...     return Risk(id=rid, service="S", name=rid,
        ...                 inherent=Assessment(likelihood=lv, impact=iv))
        >>> reg = Register(title="T", organisation="O", year=2024, risks=(
        ...     risk("R-10", 3, 3), risk("R-2", 3, 3), risk("R-3", 1, 5), risk("R-4", 5, 2)))
        >>> [(s.id, s.current.besaran) for s in rank_risks(reg)]
        [('R-3', 20), ('R-4', 15), ('R-2', 14), ('R-10', 14)]
    """
    items = score_register(scores) if isinstance(scores, Register) else tuple(scores)
    return tuple(sorted(items, key=_priority))


# --------------------------------------------------------------------------- output


def _score_json(s: Score | None, lang: str) -> dict[str, Any] | None:
    if s is None:
        return None
    out: dict[str, Any] = {
        "likelihood": s.likelihood,
        "impact": s.impact,
        "besaran": s.besaran,
        "level": s.level,
        "band": s.band.name(lang),
        "colour": s.colour,
        "worst_area": s.worst_area,
    }
    if s.method is not None:
        out["method"] = s.method
    out["explanation"] = s.explain(lang)
    return out


def _derived_json(rs: RiskScore, lang: str) -> dict[str, Any] | None:
    out = _score_json(rs.derived, lang)
    d = rs.derivation
    if out is None or d is None:
        return out
    out["contributions"] = [
        {
            "control": c.control,
            "type": c.type.token,
            "status": c.status.token,
            "adequacy": c.adequacy.token,
            "axis": c.axis,
            "levels": c.levels,
            "reason": c.reason,
            "explanation": c.explain(lang),
        }
        for c in d.contributions
    ]
    out["explanation"] = f"{out['explanation']}\n{d.explain(lang)}"
    return out


def scores_to_json(
    register: Register, scores: Sequence[RiskScore] | None = None, *, lang: str = "en"
) -> dict[str, Any]:
    """The ranked scores as JSON-able data for tools (``zi-risk score --format json``).

    Examples:
        >>> from zi_risk.model import Assessment, Register, Risk
        >>> reg = Register(title="T", organisation="O", year=2024, risks=(
        ...     Risk(id="R1", service="S", name="x", inherent=Assessment(likelihood=2, impact=2)),))
        >>> data = scores_to_json(reg)
        >>> data["criteria"], data["risks"][0]["inherent"]["besaran"]
        ('bpkp-2019', 7)
    """
    ranked = rank_risks(register) if scores is None else tuple(scores)
    return {
        "criteria": register.criteria.name,
        "residual_method": register.residual_method,
        "risks": [
            {
                "rank": n,
                "id": s.id,
                "unit": s.unit,
                "service": s.service,
                "name": s.risk.name,
                "inherent": _score_json(s.inherent, lang),
                "residual": _score_json(s.residual, lang),
                "derived": _derived_json(s, lang),
                "target": _score_json(s.target, lang),
                "basis": s.basis,
                "level": s.current.band.name(lang),
                "appetite": s.appetite,
                "appetite_from": s.appetite_from,
                "above_appetite": s.above_appetite,
            }
            for n, s in enumerate(ranked, 1)
        ],
    }


def _cell(s: Score | None, t: dict[str, str]) -> str:
    return t["none"] if s is None else f"{s.likelihood}x{s.impact}={s.besaran}"


def format_score_table(
    register: Register, scores: Sequence[RiskScore] | None = None, *, lang: str = "en"
) -> str:
    """The ranked scores as a plain-text table (``zi-risk score``).

    Cells read ``likelihood x impact = besaran``; the level is that of the score
    each risk is judged on. A derived-residual column, headed with the method
    name and version, appears when the register sets ``residual_method``.

    Examples:
        >>> from zi_risk.model import Assessment, Register, Risk
        >>> reg = Register(title="T", organisation="O", year=2024, risks=(
        ...     Risk(id="R1", service="S", name="x", inherent=Assessment(likelihood=3, impact=4),
        ...          residual=Assessment(likelihood=2, impact=2)),))
        >>> print(format_score_table(reg))
        #  risk  unit  service  inherent  residual  level  appetite  above appetite
        1  R1    -     S        3x4=17    2x2=7     Low    11        no
    """
    t = _text(lang)
    ranked = rank_risks(register) if scores is None else tuple(scores)
    if not ranked:
        return t["empty"]
    method = register.residual_method
    head = [t["h_rank"], t["h_id"], t["h_unit"], t["h_service"], t["h_inherent"], t["h_residual"]]
    if method is not None:
        head.append(t["h_derived"].format(method=method))
    head += [t["h_level"], t["h_appetite"], t["h_above"]]
    rows = [head]
    for n, s in enumerate(ranked, 1):
        row = [str(n), s.id, s.unit or t["none"], s.service, _cell(s.inherent, t)]
        row.append(_cell(s.residual, t))
        if method is not None:
            row.append(_cell(s.derived, t))
        row += [s.current.band.name(lang), str(s.appetite), t["yes" if s.above_appetite else "no"]]
        rows.append(row)
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
