"""Tests of zi_risk.i18n: the label catalogues and locale formatting."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from zi_risk.errors import UsageError
from zi_risk.i18n import LANGUAGES, catalogue
from zi_risk.rendering import _builtin_dir, template_names


def test_catalogues_have_the_same_keys() -> None:
    """Every label exists in every language, and so does every colour name."""
    ids, ens = catalogue("id"), catalogue("en")
    assert set(ids) == set(ens)
    assert set(ids.colours) == set(ens.colours)


def test_every_label_used_by_a_template_exists() -> None:
    """Each t.key a shipped template reads is in both catalogues."""
    used: set[str] = set()
    for name in template_names():
        text = (_builtin_dir() / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.([a-z][a-z0-9_]*)", text))
    for lang in LANGUAGES:
        assert used <= set(catalogue(lang)), sorted(used - set(catalogue(lang)))


def test_locale_formats() -> None:
    """Dates, numbers, percentages and Rupiah follow id_ID and en_GB."""
    day = dt.date(2023, 11, 13)
    t_id, t_en = catalogue("id"), catalogue("en")
    assert (t_id.date(day), t_en.date(day)) == ("13 November 2023", "13 November 2023")
    assert t_id.date(dt.date(2024, 3, 31)) == "31 Maret 2024"
    assert (t_id.rupiah(2_500_000), t_en.rupiah(2_500_000)) == ("Rp2.500.000", "Rp2,500,000")
    assert (t_id.number(1234.5), t_en.number(1234.5)) == ("1.234,5", "1,234.5")
    assert (t_id.percent(0.5), t_en.percent(0.126)) == ("50%", "13%")
    assert (t_id.quarter(4, 2023), t_en.quarter(4, 2023)) == ("Triwulan IV 2023", "Q4 2023")
    assert (t_id.colour("#FF0000"), t_en.colour("#123456")) == ("Merah", "#123456")


def test_unknown_language() -> None:
    """An unknown language is a usage error listing the languages."""
    with pytest.raises(UsageError) as err:
        catalogue("fr")
    assert str(err.value) == "unknown language 'fr'; languages: id, en"
