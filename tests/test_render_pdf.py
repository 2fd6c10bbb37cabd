"""The PDF of the example register: it opens, its pages are laid out, its text has the codes.

Printing with WeasyPrint takes seconds, so one unit's register is printed once per
module and every test reads that one PDF.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from zi_risk.loader import load_register
from zi_risk.rendering import render

from .conftest import EXAMPLE

UNIT = "dispendukcapil"


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    return load_register(EXAMPLE)


@pytest.fixture(scope="module")
def pdf(example) -> bytes:  # type: ignore[no-untyped-def]
    data = render(example, "register", "pdf", unit=UNIT)
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_pdf_opens_with_portrait_cover_and_maps(reader: PdfReader) -> None:
    """The cover and the two risk maps are A4 portrait; the sheets are A4 landscape."""
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    portrait, landscape = (595, 842), (842, 595)
    assert sizes[0] == portrait
    assert set(sizes) == {portrait, landscape}
    texts = [p.extract_text() or "" for p in reader.pages]
    maps = [
        n
        for n, t in enumerate(texts)
        if "7.1 Peta Risiko Inheren" in t or "7.2 Peta Risiko Residu" in t
    ]
    assert len(maps) == 2
    assert all(sizes[n] == portrait for n in maps)
    assert 10 <= len(reader.pages) <= 60


def test_pdf_text_has_every_risk_code_and_the_sections(example, reader: PdfReader) -> None:  # type: ignore[no-untyped-def]
    """Every risk code of the unit, and every section title, can be read from the PDF."""
    text = _text(reader)
    codes = [r.id for r in example.risks if r.service.startswith("duk-")]
    assert codes
    for code in codes:
        assert code in text, code
    for title in (
        "Identifikasi Risiko",
        "Analisis Risiko",
        "Daftar Risiko Prioritas",
        "Rencana Tindak Pengendalian",
        "Register Risiko",
        "Keterangan Level Risiko",
        "Lampiran A",
        "Lampiran B",
    ):
        assert title in text, title


def test_pdf_has_page_numbers(reader: PdfReader) -> None:
    """Every page carries 'n / total' in its footer."""
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        assert f"{n} / {total}" in (page.extract_text() or ""), n


def test_pdf_bytes_are_the_same_every_time(example, pdf: bytes) -> None:  # type: ignore[no-untyped-def]
    """Printing the same document again gives the same bytes (no dates, whole fonts)."""
    again = render(example, "rtp", "pdf", unit=UNIT)
    assert again == render(example, "rtp", "pdf", unit=UNIT)
    assert b"/CreationDate" not in pdf
    assert b"/ModDate" not in pdf
