"""Tests of the closed vocabularies: tokens, Indonesian labels and their spellings."""

from __future__ import annotations

import pytest

from zi_risk.vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
    Vocabulary,
)

ALL: tuple[type[Vocabulary], ...] = (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)


@pytest.mark.parametrize("cls", ALL)
def test_every_token_and_label_parses_back_to_its_member(cls: type[Vocabulary]) -> None:
    """Token, Indonesian label and English label, in any case and with hyphens, all parse."""
    for member in cls:
        for text in (member.token, member.label("id"), member.label("en")):
            assert cls.parse(text) is member
            assert cls.parse(text.upper().replace(" ", "-")) is member
            assert cls.parse(f"  {text.title()}  ") is member


@pytest.mark.parametrize("cls", ALL)
def test_no_spelling_names_two_members(cls: type[Vocabulary]) -> None:
    """Each label belongs to one member only, so parsing is never ambiguous."""
    seen: dict[str, Vocabulary] = {}
    for member in cls:
        for text in {member.token, member.label("id"), member.label("en")}:
            key = text.casefold().replace(" ", "_").replace("-", "_")
            assert seen.setdefault(key, member) is member, text


def test_the_seven_kpk_groups_have_their_indonesian_names() -> None:
    """The risk groups are exactly the seven KPK corruption groups."""
    assert [g.label("id") for g in RiskGroup] == [
        "kerugian keuangan negara",
        "suap-menyuap",
        "penggelapan dalam jabatan",
        "pemerasan",
        "perbuatan curang",
        "benturan kepentingan dalam pengadaan",
        "gratifikasi",
    ]


def test_unknown_words_raise_value_error() -> None:
    """A word that is no spelling of any member raises ValueError naming the vocabulary."""
    with pytest.raises(ValueError, match="'manjur' is not a TestResult"):
        TestResult.parse("manjur")


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("Terpasang", ControlStatus.IMPLEMENTED),
        ("belum memadai", Adequacy.INADEQUATE),
        ("Kurangi", Treatment.REDUCE),
        ("mitigasi", Treatment.REDUCE),
        ("Alihkan", Treatment.TRANSFER),
        ("detektif", ControlType.DETECTIVE),
        ("pungutan liar", Scheme.PUNGLI),
        ("kurang efektif", TestResult.PARTIALLY_EFFECTIVE),
    ],
)
def test_labels_risk_officers_write(text: str, member: Vocabulary) -> None:
    """The Indonesian words used on the official forms are accepted."""
    assert type(member).parse(text) is member
