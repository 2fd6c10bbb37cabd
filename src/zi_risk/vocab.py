"""Closed vocabularies of the register, each member with its Indonesian and English label.

The value of a member is its English token as written in a register file. The
loader also accepts the Indonesian label, case-insensitively, with spaces or
hyphens for underscores (:meth:`Vocabulary.parse`).

Examples:
    >>> ControlType.parse("Preventif")
    <ControlType.PREVENTIVE: 'preventive'>
    >>> RiskGroup.parse("suap-menyuap").label("en")
    'bribery'
    >>> Scheme.PUNGLI.label("id")
    'pungutan liar (pungli)'
"""

from __future__ import annotations

import enum
import re
from typing import Self, TypeVar

__all__ = [
    "Adequacy",
    "ControlStatus",
    "ControlType",
    "RiskGroup",
    "Scheme",
    "TestResult",
    "Treatment",
    "Vocabulary",
    "normalise_token",
]

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_token(text: str) -> str:
    """Fold case and turn runs of spaces or hyphens into one underscore.

    Examples:
        >>> normalise_token("  Belum  Memadai ")
        'belum_memadai'
        >>> normalise_token("mark-up")
        'mark_up'
    """
    return _SEPARATORS.sub("_", text.strip().casefold())


class Vocabulary(enum.Enum):
    """An enum whose members carry an Indonesian (``id``) and English (``en``) label.

    Members are declared as ``NAME = (token, indonesian, english, *aliases)``.
    """

    _label_id: str
    _label_en: str
    _aliases: tuple[str, ...]

    def __new__(cls, token: str, label_id: str, label_en: str, *aliases: str) -> Self:
        member = object.__new__(cls)
        member._value_ = token
        member._label_id = label_id
        member._label_en = label_en
        member._aliases = aliases
        return member

    @property
    def token(self) -> str:
        """The English token written in register files."""
        return str(self.value)

    def label(self, lang: str = "id") -> str:
        """The label in ``lang`` (``"id"`` or ``"en"``)."""
        return self._label_en if lang == "en" else self._label_id

    @classmethod
    def spellings(cls) -> dict[str, Self]:
        """Every accepted spelling, normalised, mapped to its member."""
        table: dict[str, Self] = {}
        for member in cls:
            for text in (member.token, member._label_id, member._label_en, *member._aliases):
                table.setdefault(normalise_token(text), member)
        return table

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member spelled ``text`` (token or label, any case); ``ValueError`` if none."""
        table = _spelling_cache(cls)
        # tokens are already normal: look them up as written before normalising
        member = table.get(text) or table.get(normalise_token(text))
        if member is None:
            raise ValueError(f"{text!r} is not a {cls.__name__}")
        return member

    @classmethod
    def tokens(cls) -> tuple[str, ...]:
        """The English tokens in declaration order."""
        return tuple(m.token for m in cls)


_CACHE: dict[type[Vocabulary], dict[str, Vocabulary]] = {}


_V = TypeVar("_V", bound=Vocabulary)


def _spelling_cache(cls: type[_V]) -> dict[str, _V]:
    table = _CACHE.get(cls)
    if table is None:
        table = _CACHE[cls] = dict(cls.spellings())
    return table  # type: ignore[return-value]


class RiskGroup(Vocabulary):
    """*Kelompok risiko*: the seven KPK groups of corruption offences (UU 31/1999 jo. 20/2001)."""

    STATE_LOSS = ("state_loss", "kerugian keuangan negara", "state financial loss")
    BRIBERY = ("bribery", "suap-menyuap", "bribery", "suap")
    EMBEZZLEMENT = ("embezzlement", "penggelapan dalam jabatan", "embezzlement in office")
    EXTORTION = ("extortion", "pemerasan", "extortion")
    FRAUDULENT_ACT = ("fraudulent_act", "perbuatan curang", "fraudulent act")
    PROCUREMENT_CONFLICT = (
        "procurement_conflict",
        "benturan kepentingan dalam pengadaan",
        "conflict of interest in procurement",
    )
    GRATIFICATION = ("gratification", "gratifikasi", "gratification")


class Scheme(Vocabulary):
    """The service-level fraud scheme, as risk officers name it (e.g. *pungli*, *calo*)."""

    PUNGLI = ("pungli", "pungutan liar (pungli)", "illegal levy", "pungutan liar")
    CALO = ("calo", "calo/perantara", "broker (fixer)", "perantara")
    SUAP = ("suap", "suap", "bribe")
    GRATIFIKASI = ("gratifikasi", "gratifikasi", "gratuity")
    BENTURAN_KEPENTINGAN = (
        "benturan_kepentingan",
        "benturan kepentingan",
        "conflict of interest",
    )
    PENYALAHGUNAAN_WEWENANG = (
        "penyalahgunaan_wewenang",
        "penyalahgunaan wewenang",
        "abuse of authority",
    )
    MANIPULASI_DATA = ("manipulasi_data", "manipulasi data", "data manipulation")
    PEMALSUAN_DOKUMEN = ("pemalsuan_dokumen", "pemalsuan dokumen", "document forgery")
    FIKTIF = ("fiktif", "fiktif", "fictitious claim or beneficiary")
    MARK_UP = ("mark_up", "mark-up", "mark-up")
    PENGGELAPAN = ("penggelapan", "penggelapan", "misappropriation")
    MEMPERSULIT_LAYANAN = (
        "mempersulit_layanan",
        "mempersulit layanan",
        "obstructing service",
        "pelayanan tidak sesuai sop",
    )
    OTHER = ("other", "lainnya", "other")


class ControlType(Vocabulary):
    """Control type: *preventif*, *detektif* or *korektif*."""

    PREVENTIVE = ("preventive", "preventif", "preventive")
    DETECTIVE = ("detective", "detektif", "detective")
    CORRECTIVE = ("corrective", "korektif", "corrective")


class ControlStatus(Vocabulary):
    """Where a control stands: planned (RTP), in progress, implemented (*terpasang*), retired."""

    PLANNED = ("planned", "rencana", "planned")
    IN_PROGRESS = ("in_progress", "dalam proses", "in progress")
    IMPLEMENTED = ("implemented", "terpasang", "implemented", "ada")
    RETIRED = ("retired", "tidak berlaku", "retired")


class Adequacy(Vocabulary):
    """Adequacy of a control as judged in the FGD: *memadai* / *belum memadai*."""

    ADEQUATE = ("adequate", "memadai", "adequate")
    INADEQUATE = ("inadequate", "belum memadai", "inadequate", "kurang memadai")
    UNASSESSED = ("unassessed", "belum dinilai", "not assessed")


class Treatment(Vocabulary):
    """Risk treatment option: *hindari*, *kurangi*, *alihkan*, *terima*."""

    AVOID = ("avoid", "hindari", "avoid")
    REDUCE = ("reduce", "kurangi", "reduce", "mitigasi")
    TRANSFER = ("transfer", "alihkan", "transfer", "berbagi", "share")
    ACCEPT = ("accept", "terima", "accept")


class TestResult(Vocabulary):
    """Outcome of a control test: *efektif*, *kurang efektif*, *tidak efektif*."""

    __test__ = False  # not a pytest test class

    EFFECTIVE = ("effective", "efektif", "effective")
    PARTIALLY_EFFECTIVE = ("partially_effective", "kurang efektif", "partially effective")
    INEFFECTIVE = ("ineffective", "tidak efektif", "ineffective")
