"""Risk criteria: likelihood and impact scales, the *besaran* lookup grid, level bands.

*Besaran risiko* (risk magnitude) is the number, 1-25 in the BPKP matrix, that a
(likelihood, impact) pair is worth. It is read from a lookup grid, not computed
as a product. This module holds the criteria records and writes them back to the
file shape; reading and checking them (a named preset, a YAML file, or a mapping
given inline in a register) is :mod:`zi_risk.criteria_reading`, whose public names
are importable from here too.

Examples:
    >>> c = default_criteria()
    >>> c.name, c.besaran(3, 4), c.band_of(17).name_id
    ('bpkp-2019', 17, 'Tinggi')
    >>> c.besaran(1, 5), c.band_of(20).name_en, c.band_of(20).colour
    (20, 'Very high', '#ff0000')
    >>> preset("plain-5x5").besaran(3, 4)
    12
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = [
    "DEFAULT_PRESET",
    "PRESET_NAMES",
    "Band",
    "Dimension",
    "ImpactArea",
    "RiskCriteria",
    "ScaleLevel",
    "criteria_from_data",
    "criteria_to_data",
    "default_criteria",
    "load_criteria",
    "preset",
    "resolve_criteria",
]


@attrs.frozen(kw_only=True)
class ScaleLevel:
    """One level of a likelihood or impact scale, with its criteria text per dimension.

    ``criteria`` pairs a dimension key (a likelihood dimension such as
    ``persentase``, or an impact area such as ``keuangan``) with the text that
    describes this level on that dimension.
    """

    value: int
    name_id: str
    name_en: str
    criteria: tuple[tuple[str, str], ...] = ()

    def criterion(self, key: str) -> str | None:
        """The criteria text of this level for dimension ``key``, if given."""
        for k, text in self.criteria:
            if k == key:
                return text
        return None


@attrs.frozen(kw_only=True)
class Dimension:
    """A column of criteria: a likelihood dimension or an impact area (*area dampak*).

    Impact areas are the keys a register uses for per-area impact, e.g.
    ``impact: {keuangan: 3, reputasi: 4}``.
    """

    key: str
    name_id: str
    name_en: str


ImpactArea = Dimension
"""An impact area (*area dampak*), e.g. ``keuangan`` (state financial loss)."""


@attrs.frozen(kw_only=True)
class Band:
    """A risk level band: a besaran range with its name, colour and required action."""

    level: int
    name_id: str
    name_en: str
    low: int
    high: int
    colour: str
    action_id: str
    action_en: str

    def name(self, lang: str = "id") -> str:
        """The band's name in ``lang`` (``"id"`` or ``"en"``)."""
        return self.name_en if lang == "en" else self.name_id

    def action(self, lang: str = "id") -> str:
        """The required action in ``lang`` (``"id"`` or ``"en"``)."""
        return self.action_en if lang == "en" else self.action_id


def _band_table(criteria: RiskCriteria) -> dict[int, Band]:
    return {v: b for b in criteria.bands for v in range(b.low, b.high + 1)}


@attrs.frozen(kw_only=True)
class RiskCriteria:
    """Scales, the lookup grid ``grid[likelihood-1][impact-1]``, bands and default appetite.

    ``appetite`` (*selera risiko*) is a besaran threshold: a risk whose besaran is
    at or above it is *di atas selera* and needs treatment. Build criteria with
    :func:`preset`, :func:`load_criteria` or :func:`criteria_from_data`, which
    check them; the constructor trusts its arguments.
    """

    name: str
    title: str
    likelihood: tuple[ScaleLevel, ...]
    impact: tuple[ScaleLevel, ...]
    impact_areas: tuple[Dimension, ...]
    grid: tuple[tuple[int, ...], ...]
    bands: tuple[Band, ...]
    appetite: int
    likelihood_dimensions: tuple[Dimension, ...] = ()
    source: str = ""
    notes: str = ""
    allow_decreasing: bool = False
    _by_besaran: dict[int, Band] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_besaran", _band_table(self))

    def besaran(self, likelihood: int, impact: int) -> int:
        """The besaran (risk magnitude) of a likelihood and impact level.

        Raises:
            ValueError: a level is outside the scales.
        """
        if not (1 <= likelihood <= len(self.likelihood) and 1 <= impact <= len(self.impact)):
            raise ValueError(
                f"likelihood {likelihood} x impact {impact} is outside the "
                f"{len(self.likelihood)}x{len(self.impact)} grid of {self.name}"
            )
        return self.grid[likelihood - 1][impact - 1]

    def band_of(self, besaran: int) -> Band:
        """The band that holds ``besaran``.

        Raises:
            ValueError: no band holds it.
        """
        band = self._by_besaran.get(besaran)
        if band is None:
            raise ValueError(f"besaran {besaran} is in no band of {self.name}")
        return band

    @property
    def area_keys(self) -> tuple[str, ...]:
        """The keys of the impact areas, in order."""
        return tuple(a.key for a in self.impact_areas)

    def area(self, key: str) -> Dimension | None:
        """The impact area with ``key``, if the criteria define it."""
        for a in self.impact_areas:
            if a.key == key:
                return a
        return None

    @property
    def min_besaran(self) -> int:
        """The smallest besaran in the grid."""
        return min(min(row) for row in self.grid)

    @property
    def max_besaran(self) -> int:
        """The largest besaran in the grid."""
        return max(max(row) for row in self.grid)


# --------------------------------------------------------------------------- writing


def _dims_data(dims: tuple[Dimension, ...]) -> list[dict[str, str]]:
    return [{"key": d.key, "name_id": d.name_id, "name_en": d.name_en} for d in dims]


def _levels_data(levels: tuple[ScaleLevel, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lv in levels:
        item: dict[str, Any] = {"value": lv.value, "name_id": lv.name_id, "name_en": lv.name_en}
        if lv.criteria:
            item["criteria"] = dict(lv.criteria)
        out.append(item)
    return out


def criteria_to_data(criteria: RiskCriteria) -> dict[str, Any]:
    """The criteria in the file shape, ready for YAML or JSON (a full file, no ``extends``).

    Examples:
        >>> data = criteria_to_data(default_criteria())
        >>> data["grid"][3]
        [4, 10, 14, 17, 22]
        >>> criteria_from_data(data) == default_criteria()
        True
    """
    data: dict[str, Any] = {"name": criteria.name, "title": criteria.title}
    if criteria.source:
        data["source"] = criteria.source
    if criteria.notes:
        data["notes"] = criteria.notes
    data["appetite"] = criteria.appetite
    if criteria.allow_decreasing:
        data["allow_decreasing"] = True
    likelihood: dict[str, Any] = {}
    if criteria.likelihood_dimensions:
        likelihood["dimensions"] = _dims_data(criteria.likelihood_dimensions)
    likelihood["levels"] = _levels_data(criteria.likelihood)
    impact: dict[str, Any] = {}
    if criteria.impact_areas:
        impact["areas"] = _dims_data(criteria.impact_areas)
    impact["levels"] = _levels_data(criteria.impact)
    data["likelihood"] = likelihood
    data["impact"] = impact
    n = len(criteria.grid)
    data["grid"] = {lv: list(criteria.grid[lv - 1]) for lv in range(n, 0, -1)}
    data["bands"] = [
        {
            "level": b.level,
            "name_id": b.name_id,
            "name_en": b.name_en,
            "low": b.low,
            "high": b.high,
            "colour": b.colour,
            "action_id": b.action_id,
            "action_en": b.action_en,
        }
        for b in criteria.bands
    ]
    return data


# criteria_reading builds the records above, so it is imported after them; its public names are
# re-exported so that ``zi_risk.criteria`` stays the one place to import criteria from.
from .criteria_reading import (  # noqa: E402
    DEFAULT_PRESET,
    PRESET_NAMES,
    criteria_from_data,
    default_criteria,
    load_criteria,
    preset,
    resolve_criteria,
)
