"""Tests of zi_risk.rendering: golden documents, escaping, the sandbox, errors, determinism."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zi_risk.errors import RenderError, UsageError
from zi_risk.rendering import (
    KIND_FORMATS,
    document_filename,
    markdown_cell,
    render,
    render_documents,
    template_names,
)

from .conftest import write
from .render_fixtures import HOSTILE, small_register

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [
    (kind, fmt, lang)
    for kind, formats in KIND_FORMATS.items()
    for fmt in formats
    if fmt != "pdf"
    for lang in ("id", "en")
]


@pytest.fixture(scope="module")
def register():  # type: ignore[no-untyped-def]
    return small_register()


@pytest.mark.parametrize(("kind", "fmt", "lang"), CASES)
def test_golden(kind: str, fmt: str, lang: str, register, update_golden: bool) -> None:  # type: ignore[no-untyped-def]
    """Each kind renders byte for byte as its golden file (pytest --update-golden rewrites)."""
    out = render(register, kind, fmt, lang)
    assert isinstance(out, str)
    path = GOLDEN / document_filename(kind, fmt, lang)
    if update_golden:
        path.write_text(out, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path.name}; run pytest --update-golden"
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "fmt"), [("register", "html"), ("audit", "html"), ("rtp", "html"), ("heatmap", "svg")]
)
def test_hostile_text_is_escaped_in_html_and_svg(kind: str, fmt: str, register) -> None:  # type: ignore[no-untyped-def]
    """A risk named <script> or {{ 7*7 }} prints as text in HTML and SVG, never as markup."""
    out = str(render(register, kind, fmt))
    assert "<script>" not in out
    assert "alert(1)</script> 49" not in out
    if kind in ("register", "audit"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in out


def test_hostile_text_is_data_in_markdown(register) -> None:  # type: ignore[no-untyped-def]
    """In Markdown the hostile name appears verbatim (it is data, not template source)."""
    out = str(render(register, "register", "md"))
    assert HOSTILE in out
    assert "alert(1)</script> 49" not in out


def test_markdown_cells_neutralise_pipes_and_line_breaks(register) -> None:  # type: ignore[no-untyped-def]
    """A | or a line break in register text cannot break a Markdown table row."""
    out = str(render(register, "register", "md"))
    assert "Petugas meminta uang \\| amplop. Berkas beramplop didahulukan." in out
    assert "Perizinan Berusaha \\| OSS" in out
    for line in out.splitlines():
        if line.startswith("|") and "R-1 " in line:
            assert line.endswith("|")


def test_markdown_cell() -> None:
    """markdown_cell escapes backslash and pipe and folds every kind of line break."""
    assert markdown_cell("a\\|b") == "a\\\\\\|b"
    assert markdown_cell("x\r\ny\n\nz\u2028w") == "x y z w"
    assert markdown_cell(17) == "17"


def test_pdf_is_rejected_for_heatmap(register) -> None:  # type: ignore[no-untyped-def]
    """Asking for a format a kind does not have is a usage error naming the formats."""
    with pytest.raises(UsageError) as err:
        render(register, "heatmap", "pdf")
    assert str(err.value) == "document kind 'heatmap' has no format 'pdf'; formats: svg"


def test_unknown_kind_lang_and_unit(register) -> None:  # type: ignore[no-untyped-def]
    """Unknown kinds, languages and units fail with the list of valid choices."""
    with pytest.raises(UsageError) as err:
        render(register, "summary")
    assert str(err.value) == "unknown document kind 'summary'; kinds: register, rtp, audit, heatmap"
    with pytest.raises(UsageError) as err:
        render(register, lang="fr")
    assert str(err.value) == "unknown language 'fr'; languages: id, en"
    with pytest.raises(UsageError) as err:
        render(register, unit="dinkes")
    assert str(err.value) == "no unit 'dinkes' in the register; units: dukcapil, dpmptsp"


def test_unit_document_holds_only_that_unit(register) -> None:  # type: ignore[no-untyped-def]
    """A unit's register shows its risks, not the other unit's, and its head signs it."""
    out = str(render(register, "register", "html", unit="dpmptsp"))
    assert "R-10" in out
    assert "R-11" in out
    assert "R-DUK" not in out
    assert "Salah entri data" not in out
    assert "Kepala Unit Pemilik Risiko" in out


# --------------------------------------------------------------------------- templates


def _templates(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "tpl"
    write(folder, name, text)
    return folder


def test_user_template_overrides_ours_and_falls_back(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """A user folder replaces one template; the others still come from zi-risk."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "RTP {{ doc.count }} {{ t.col_budget }}\n")
    assert render(register, "rtp", "md", templates=folder) == "RTP 2 Anggaran\n"
    assert str(render(register, "audit", "md", templates=folder)).startswith("# Laporan")


def test_user_html_template_still_autoescapes(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """Register text printed by a user HTML template is escaped too."""
    text = "{% for g in doc.groups %}{% for r in g.risks %}{{ r.name }};{% endfor %}{% endfor %}"
    folder = _templates(tmp_path, "html/register.html.j2", text)
    out = str(render(register, templates=folder))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }};" in out


def test_sandbox_escape_fails_with_file_and_line(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """A template that reaches for Python internals fails with its file and line."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "# RTP\n\n{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    path = folder / "md" / "rtp.md.j2"
    assert str(err.value) == (
        f"{path}:3: template is not allowed to do that (sandbox): "
        "access to attribute '__class__' of 'str' object is unsafe."
    )
    assert err.value.location is not None
    assert err.value.location.line == 3


def test_sandbox_blocks_calling_mutators(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """The immutable sandbox refuses to change data, e.g. list.append."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "{% set x = [] %}{{ x.append(1) }}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    assert str(err.value).startswith(f"{folder / 'md' / 'rtp.md.j2'}:1: template is not allowed")


def test_missing_variable_fails_loudly(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """A typo in a template is an error naming the file, the line and the missing name."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "# RTP\n{{ doc.cuont }}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    assert str(err.value) == (
        f"{folder / 'md' / 'rtp.md.j2'}:2: template uses an undefined value: "
        "'zi_risk.views.RtpView object' has no attribute 'cuont'"
    )


def test_missing_label_fails_loudly(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """An unknown label key fails like any undefined value."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "{{ t.no_such_label }}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    assert str(err.value) == (
        f"{folder / 'md' / 'rtp.md.j2'}:1: template uses an undefined value: "
        "'zi_risk.i18n.Labels object' has no attribute 'no_such_label'"
    )


def test_syntax_error_names_file_and_line(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """A broken template is reported with its file and line."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "ok\n{% for x in doc.groups %}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    assert str(err.value).startswith(f"{folder / 'md' / 'rtp.md.j2'}:2: template syntax error: ")


def test_runtime_error_in_template_is_located(tmp_path: Path, register) -> None:  # type: ignore[no-untyped-def]
    """A Python error raised by template code (1/0) is a RenderError with file and line."""
    folder = _templates(tmp_path, "md/rtp.md.j2", "a\nb\n{{ 1 / 0 }}\n")
    with pytest.raises(RenderError) as err:
        render(register, "rtp", "md", templates=folder)
    assert str(err.value) == (
        f"{folder / 'md' / 'rtp.md.j2'}:3: template failed: ZeroDivisionError: division by zero"
    )


def test_missing_templates_folder(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A templates folder that does not exist is a usage error."""
    with pytest.raises(UsageError) as err:
        render(register, templates=tmp_path / "nope")
    assert str(err.value) == (
        f"--templates: expected a directory of templates, got {str(tmp_path / 'nope')!r}"
    )


def test_every_shipped_template_compiles() -> None:
    """Every template in the package parses (no syntax error waits in a rare branch)."""
    from zi_risk.rendering import _environment

    names = template_names()
    assert "svg/heatmap.svg.j2" in names
    assert "style.css.j2" in names
    for name in names:
        _environment(None, name.startswith("md/")).get_template(name)


# --------------------------------------------------------------------------- many documents


def test_render_documents_names_and_order(register) -> None:  # type: ignore[no-untyped-def]
    """render_documents yields every kind in each of its formats, heat map as SVG, in order."""
    names = [
        n for n, _ in render_documents(register, formats=["md", "html"], lang="en", unit="dukcapil")
    ]
    assert names == [
        "register-risiko-dukcapil.en.html",
        "register-risiko-dukcapil.en.md",
        "rtp-dukcapil.en.html",
        "rtp-dukcapil.en.md",
        "audit-dukcapil.en.html",
        "audit-dukcapil.en.md",
        "peta-risiko-dukcapil.en.svg",
    ]


def test_render_documents_equals_render(register) -> None:  # type: ignore[no-untyped-def]
    """Shared views give the same bytes as rendering each document alone."""
    for name, content in render_documents(register, ["register", "audit"], ["md"]):
        kind = "register" if name.startswith("register") else "audit"
        assert content == render(register, kind, "md")


_SCRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from render_fixtures import small_register
from zi_risk.rendering import render_documents
for name, content in render_documents(small_register(), formats=["html", "md"]):
    print(name, hashlib.sha256(content.encode()).hexdigest())
"""


def test_same_bytes_across_processes_and_hash_seeds() -> None:
    """HTML, Markdown and SVG are byte-identical under different PYTHONHASHSEED values."""
    script = _SCRIPT.format(tests=str(Path(__file__).resolve().parent))
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 7
