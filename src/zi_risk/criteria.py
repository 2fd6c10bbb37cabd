"""Risk criteria: likelihood and impact scales, the *besaran* lookup grid, level bands.

Examples:
    >>> c = default_criteria()
    >>> c.name, c.besaran(3, 4), c.band_of(17).name_id
    ('bpkp-2019', 17, 'Tinggi')
"""

from __future__ import annotations

import attrs

__all__ = ["Band", "ImpactArea", "RiskCriteria", "ScaleLevel", "default_criteria"]


@attrs.frozen(kw_only=True)
class ScaleLevel:
    """One level of a likelihood or impact scale, with its criteria text per dimension."""

    value: int
    name_id: str
    name_en: str
    criteria: tuple[tuple[str, str], ...] = ()


@attrs.frozen(kw_only=True)
class ImpactArea:
    """An impact area (*area dampak*), e.g. ``keuangan`` (financial loss)."""

    key: str
    name_id: str
    name_en: str


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


@attrs.frozen(kw_only=True)
class RiskCriteria:
    """Scales, the lookup grid ``grid[likelihood-1][impact-1]``, bands and default appetite."""

    name: str
    title: str
    likelihood: tuple[ScaleLevel, ...]
    impact: tuple[ScaleLevel, ...]
    impact_areas: tuple[ImpactArea, ...]
    grid: tuple[tuple[int, ...], ...]
    bands: tuple[Band, ...]
    appetite: int
    source: str = ""
    allow_decreasing: bool = False

    def besaran(self, likelihood: int, impact: int) -> int:
        """The besaran (risk magnitude) of a likelihood and impact level."""
        return self.grid[likelihood - 1][impact - 1]

    def band_of(self, besaran: int) -> Band:
        """The band that holds ``besaran``."""
        for band in self.bands:
            if band.low <= besaran <= band.high:
                return band
        raise ValueError(f"besaran {besaran} is in no band of {self.name}")


def _levels(names: list[tuple[str, str]]) -> tuple[ScaleLevel, ...]:
    return tuple(
        ScaleLevel(value=i, name_id=n_id, name_en=n_en) for i, (n_id, n_en) in enumerate(names, 1)
    )


def default_criteria() -> RiskCriteria:
    """The BPKP (Perdep PPKD 4/2019) 5×5 criteria used by Indonesian local governments."""
    return _BPKP_2019


# rows are likelihood 1..5, columns impact 1..5
_BPKP_GRID = (
    (1, 3, 5, 8, 20),
    (2, 7, 11, 13, 21),
    (4, 10, 14, 17, 22),
    (6, 12, 16, 19, 24),
    (9, 15, 18, 23, 25),
)

_BPKP_2019 = RiskCriteria(
    name="bpkp-2019",
    title="Kriteria risiko BPKP (Perdep PPKD No. 4 Tahun 2019)",
    likelihood=_levels(
        [
            ("Hampir Tidak Terjadi", "Almost never"),
            ("Jarang Terjadi", "Rare"),
            ("Kadang Terjadi", "Occasional"),
            ("Sering Terjadi", "Frequent"),
            ("Hampir Pasti Terjadi", "Almost certain"),
        ]
    ),
    impact=_levels(
        [
            ("Tidak Signifikan", "Insignificant"),
            ("Minor", "Minor"),
            ("Moderat", "Moderate"),
            ("Signifikan", "Significant"),
            ("Sangat Signifikan", "Very significant"),
        ]
    ),
    impact_areas=(
        ImpactArea(key="keuangan", name_id="Kerugian negara", name_en="State financial loss"),
        ImpactArea(key="reputasi", name_id="Penurunan reputasi", name_en="Reputation"),
        ImpactArea(key="kinerja", name_id="Penurunan kinerja", name_en="Performance"),
        ImpactArea(key="layanan", name_id="Gangguan pelayanan", name_en="Service disruption"),
        ImpactArea(key="hukum", name_id="Tuntutan hukum", name_en="Lawsuits"),
    ),
    grid=_BPKP_GRID,
    bands=(
        Band(level=1, name_id="Sangat Rendah", name_en="Very low", low=1, high=5,
             colour="#32bdea", action_id="Abaikan", action_en="Ignore"),
        Band(level=2, name_id="Rendah", name_en="Low", low=6, high=10,
             colour="#00b050", action_id="Dipantau", action_en="Monitor"),
        Band(level=3, name_id="Sedang", name_en="Medium", low=11, high=15,
             colour="#ffff00", action_id="Dipantau dan buat RTP",
             action_en="Monitor and prepare a treatment plan"),
        Band(level=4, name_id="Tinggi", name_en="High", low=16, high=19,
             colour="#ffc000", action_id="Wajib RTP", action_en="Treatment plan required"),
        Band(level=5, name_id="Sangat Tinggi", name_en="Very high", low=20, high=25,
             colour="#ff0000", action_id="Wajib RTP", action_en="Treatment plan required"),
    ),
    appetite=11,
    source="Perdep PPKD BPKP No. 4 Tahun 2019",
)
