"""Document languages: the label catalogues and locale-correct dates, numbers and Rupiah.

Every label and heading a document shows lives in one catalogue per language,
``zi_risk/locale/id.yaml`` (Bahasa Indonesia, the default) and ``en.yaml``.
Dates and numbers are formatted by Babel for the language's locale: ``id_ID``
for Indonesian and ``en_GB`` for English (day-month-year order, so dates read
the same way in both languages). Amounts are Rupiah in both languages, with
the ``Rp`` symbol and the locale's digit grouping.

Examples:
    >>> import datetime as dt
    >>> t = catalogue("id")
    >>> t.date(dt.date(2023, 11, 13)), t.rupiah(2_500_000), t["sheet_ir"]
    ('13 November 2023', 'Rp2.500.000', 'Identifikasi Risiko')
    >>> e = catalogue("en")
    >>> e.date(dt.date(2023, 11, 13)), e.rupiah(2_500_000), e.number(1234)
    ('13 November 2023', 'Rp2,500,000', '1,234')
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from .errors import UsageError

__all__ = ["LANGUAGES", "LOCALES", "Catalogue", "Labels", "catalogue"]

LANGUAGES: tuple[str, ...] = ("id", "en")
"""The document languages, default first."""

LOCALES: Mapping[str, str] = {"id": "id_ID", "en": "en_GB"}
"""The Babel locale of each document language."""

_ROMAN = ("I", "II", "III", "IV")


@attrs.frozen
class Catalogue(Mapping[str, str]):
    """The labels of one language, with locale-aware formatting helpers.

    It is a read-only mapping from label key to text; templates read it as
    ``t.key``. ``colours`` names band colours (``#ff0000`` is *Merah*).
    """

    lang: str
    labels: Mapping[str, str] = attrs.field(repr=False)
    colours: Mapping[str, str] = attrs.field(repr=False)

    @property
    def locale(self) -> str:
        """The Babel locale, e.g. ``id_ID``."""
        return LOCALES[self.lang]

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    def text(self, key: str, **values: Any) -> str:
        """The label ``key`` with ``{name}`` fields filled in.

        Examples:
            >>> catalogue("en").text("count_risks", n=3)
            '3 risks'
        """
        return self.labels[key].format(**values)

    def date(self, value: dt.date) -> str:
        """A date written out in full, ``13 November 2023``."""
        return _date(value, self.locale)

    @property
    def labels_namespace(self) -> Labels:
        """The labels as attributes (``t.sheet_ir``), the form templates receive."""
        return _namespace(self.lang)

    def number(self, value: int | float) -> str:
        """A number with the locale's grouping and decimal mark (``1.234,5`` in ``id``)."""
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float) -> str:
        """A share as a whole percentage (``0.857`` is ``86%``).

        Examples:
            >>> catalogue("id").percent(0.857)
            '86%'
        """
        return format_percent(value, "#,##0%", locale=self.locale)

    def rupiah(self, value: int) -> str:
        """An amount in Rupiah without decimals, ``Rp2.500.000`` (``Rp2,500,000`` in ``en``)."""
        if self.lang == "id":
            return format_currency(
                value, "IDR", format="¤#,##0", currency_digits=False, locale=self.locale
            )
        return "Rp" + format_decimal(value, format="#,##0", locale=self.locale)

    def quarter(self, quarter: int, year: int | None = None) -> str:
        """A quarter, ``Triwulan IV 2023`` / ``Q4 2023``.

        Examples:
            >>> catalogue("id").quarter(2, 2024), catalogue("en").quarter(2)
            ('Triwulan II 2024', 'Q2')
        """
        text = self.text("quarter", roman=_ROMAN[quarter - 1], n=quarter)
        return text if year is None else f"{text} {year}"

    def colour(self, hex_colour: str) -> str:
        """The name of a band colour, or the ``#rrggbb`` code when it has none."""
        return self.colours.get(hex_colour.lower(), hex_colour)

    def choose(self, id_text: str, en_text: str) -> str:
        """``id_text`` in Indonesian, ``en_text`` in English (for records that carry both)."""
        return en_text if self.lang == "en" else id_text


class Labels(types.SimpleNamespace):
    """The labels of one language as attributes; what templates see as ``t``."""


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str) -> str:
    return format_date(value, "d MMMM y", locale=locale)


@functools.cache
def _namespace(lang: str) -> Labels:
    return Labels(**catalogue(lang).labels)


def _read(lang: str) -> dict[str, Any]:
    resource = importlib.resources.files("zi_risk") / "locale" / f"{lang}.yaml"
    data: dict[str, Any] = yaml.safe_load(resource.read_text(encoding="utf-8"))
    return data


@functools.cache
def catalogue(lang: str = "id") -> Catalogue:
    """The catalogue of ``lang`` (``"id"`` or ``"en"``), read once per process.

    Raises:
        UsageError: ``lang`` is not one of :data:`LANGUAGES`.
    """
    if lang not in LANGUAGES:
        from . import messages as msg

        raise UsageError(msg.RENDER_BAD_LANG.format(lang=lang, choices=", ".join(LANGUAGES)))
    data = _read(lang)
    colours = {str(k).lower(): str(v) for k, v in data.pop("colours", {}).items()}
    labels = {str(k): str(v) for k, v in data.items()}
    return Catalogue(lang=lang, labels=labels, colours=colours)
