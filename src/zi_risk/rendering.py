"""Render documents from a register with Jinja: HTML, PDF (from that HTML), Markdown and SVG.

Templates live in the package ``zi_risk.templates`` (the top-level ``templates/``
folder of the source tree). A user folder given as ``templates=DIR`` is searched
first, ours second, so a user can replace any one template and keep the rest.

Every template, ours and the user's, runs in Jinja's
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with
:class:`~jinja2.StrictUndefined`: a template that reaches for Python internals
or names a value that does not exist fails with a :class:`~zi_risk.errors.RenderError`
that names the template file and line. HTML and SVG templates autoescape, so a
risk named ``<script>`` or ``{{ 7*7 }}`` prints as text; register text is data
and never template source. In Markdown every printed value is made safe for a
table cell: ``\\`` and ``|`` are escaped and line breaks folded into spaces.

Templates receive ``doc`` (the view from :mod:`zi_risk.documents`, already
sorted and formatted) and ``t`` (the label catalogue of the language); they
never read a clock, so the same register always renders to the same bytes.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", name="<script>alert(1)</script>").build()
    >>> html = render(reg)
    >>> "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    True
    >>> document_filename("register", "html", "id", "dispendukcapil")
    'register-risiko-dispendukcapil.html'
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import messages as msg
from .documents import KINDS, build_view, build_views
from .errors import Location, RenderError, UsageError, ZiRiskError
from .i18n import LANGUAGES, catalogue
from .model import Register

__all__ = [
    "FORMATS",
    "KIND_FORMATS",
    "TEMPLATE_NAMES",
    "document_filename",
    "markdown_cell",
    "render",
    "render_documents",
    "template_names",
]

FORMATS: tuple[str, ...] = ("html", "pdf", "md", "svg")
"""Every output format."""

KIND_FORMATS: Mapping[str, tuple[str, ...]] = {
    "register": ("html", "pdf", "md"),
    "rtp": ("html", "pdf", "md"),
    "audit": ("html", "pdf", "md"),
    "heatmap": ("svg",),
}
"""The formats of each document kind."""

TEMPLATE_NAMES: Mapping[tuple[str, str], str] = {
    ("register", "html"): "html/register.html.j2",
    ("register", "md"): "md/register.md.j2",
    ("rtp", "html"): "html/rtp.html.j2",
    ("rtp", "md"): "md/rtp.md.j2",
    ("audit", "html"): "html/audit.html.j2",
    ("audit", "md"): "md/audit.md.j2",
    ("heatmap", "svg"): "svg/heatmap.svg.j2",
}
"""The entry template of each (kind, format); PDF is printed from the HTML."""

_FILE_STEMS: Mapping[str, str] = {
    "register": "register-risiko",
    "rtp": "rtp",
    "audit": "audit",
    "heatmap": "peta-risiko",
}

_AUTOESCAPED = ("html", "htm", "xml", "svg", "html.j2", "htm.j2", "xml.j2", "svg.j2")


def template_names() -> tuple[str, ...]:
    """Every shipped template, relative to the templates folder, sorted.

    Examples:
        >>> "html/register.html.j2" in template_names()
        True
    """
    root = _builtin_dir()
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*.j2") if p.is_file()))


def document_filename(kind: str, fmt: str, lang: str = "id", unit: str | None = None) -> str:
    """The file name the command line gives a document: stable, one per kind/format/unit/language.

    Indonesian documents carry no language tag; English ones end in ``.en.<format>``.

    Examples:
        >>> document_filename("rtp", "md"), document_filename("heatmap", "svg", "en")
        ('rtp.md', 'peta-risiko.en.svg')
    """
    stem = _FILE_STEMS[kind]
    if unit:
        stem = f"{stem}-{unit}"
    if lang != "id":
        stem = f"{stem}.{lang}"
    return f"{stem}.{fmt}"


# --------------------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"[\\|]")
_MD_UNSAFE = re.compile(r"[\\|\r\n\u2028\u2029]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*")


def markdown_cell(value: object) -> str:
    """``value`` as text that cannot break a Markdown table: ``\\`` and ``|`` escaped,
    line breaks folded into one space.

    Examples:
        >>> markdown_cell("a | b\\nc \\\\ d")
        'a \\\\| b c \\\\\\\\ d'
    """
    text = str(value)
    if _MD_UNSAFE.search(text) is None:
        return text
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_BREAKS.sub(" ", text)


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return markdown_cell(value)


# --------------------------------------------------------------------------- environment


def _builtin_dir() -> Path:
    return Path(str(importlib.resources.files("zi_risk.templates")))


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, remembering its verdict per (type, attribute).

    Jinja's verdict depends only on the type of the object and the attribute's name,
    so caching it changes nothing but the speed of large documents.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


@functools.lru_cache(maxsize=16)
def _environment(user_dir: str | None, markdown: bool) -> Environment:
    """One environment per (user folder, Markdown or not), built once per process.

    Our own templates are trusted and run in a plain environment; as soon as a user
    folder is given, every template runs in the immutable sandbox.
    """
    loaders: list[BaseLoader] = [FileSystemLoader(user_dir)] if user_dir is not None else []
    loaders.append(FileSystemLoader(str(_builtin_dir())))
    kind = _Sandbox if user_dir is not None else Environment
    env = kind(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False if markdown else select_autoescape(_AUTOESCAPED, default=False),
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=_md_finalize if markdown else None,
    )
    return env


def _template_location(tb: TracebackType | None) -> Location | None:
    """The innermost template frame of a Jinja traceback, as file and line."""
    found = None
    while tb is not None:
        frame = tb.tb_frame
        if "__jinja_exception__" in frame.f_globals or "__jinja_template__" in frame.f_globals:
            found = Location(file=frame.f_code.co_filename, line=tb.tb_lineno)
        tb = tb.tb_next
    return found


def _check_templates_dir(templates: str | os.PathLike[str] | None) -> str | None:
    if templates is None:
        return None
    path = os.fspath(templates)
    if not os.path.isdir(path):
        raise UsageError(msg.RENDER_NO_TEMPLATES_DIR.format(path=path))
    return path


def _render_template(name: str, user_dir: str | None, context: Mapping[str, Any]) -> str:
    env = _environment(user_dir, name.startswith("md/"))
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateSyntaxError as exc:
        at = Location(file=exc.filename or exc.name, line=exc.lineno)
        raise RenderError(msg.RENDER_SYNTAX.format(message=exc.message), at) from None
    except TemplateNotFound as exc:
        where = _template_location(exc.__traceback__)
        dirs = ", ".join([*([user_dir] if user_dir else []), str(_builtin_dir())])
        raise RenderError(msg.RENDER_NOT_FOUND.format(name=exc.name, dirs=dirs), where) from None
    except SecurityError as exc:
        where = _template_location(exc.__traceback__)
        raise RenderError(msg.RENDER_UNSAFE.format(message=exc), where) from None
    except UndefinedError as exc:
        where = _template_location(exc.__traceback__)
        raise RenderError(msg.RENDER_UNDEFINED.format(message=exc.message), where) from None
    except TemplateError as exc:
        where = _template_location(exc.__traceback__)
        raise RenderError(msg.RENDER_FAILED.format(error=exc), where) from None
    except ZiRiskError:
        raise
    except Exception as exc:
        where = _template_location(exc.__traceback__)
        if where is None:
            raise
        error = f"{type(exc).__name__}: {exc}"
        raise RenderError(msg.RENDER_FAILED.format(error=error), where) from None


# --------------------------------------------------------------------------- pdf


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: documents are self-contained by design."""
    raise ValueError(msg.RENDER_NO_FETCH.format(url=url))


def _weasyprint() -> Any:
    """Import WeasyPrint, whose import warns about optional system libraries (HarfBuzz
    subsetting) that a user of zi-risk can do nothing about in a document run."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint  # type: ignore[import-untyped]
    return weasyprint


def _pdf(html: str) -> bytes:
    import logging

    weasyprint = _weasyprint()

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch)
        # Whole fonts, not subsets: WeasyPrint's font subsets differ from run to run, and
        # documents must be byte-identical every time (costs about 0.8 MB per font).
        data: bytes = document.write_pdf(full_fonts=True)
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "could not print"
        error = f"{type(exc).__name__}: {exc}"
        raise RenderError(msg.RENDER_PDF_FAILED.format(error=error)) from None
    return data


# --------------------------------------------------------------------------- public


def _check(kind: str, fmt: str, lang: str) -> None:
    if kind not in KINDS:
        raise UsageError(msg.RENDER_BAD_KIND.format(kind=kind, choices=", ".join(KINDS)))
    if fmt not in KIND_FORMATS[kind]:
        raise UsageError(
            msg.RENDER_BAD_FORMAT.format(kind=kind, fmt=fmt, choices=", ".join(KIND_FORMATS[kind]))
        )
    if lang not in LANGUAGES:
        raise UsageError(msg.RENDER_BAD_LANG.format(lang=lang, choices=", ".join(LANGUAGES)))


def render(
    register: Register,
    kind: str = "register",
    fmt: str = "html",
    lang: str = "id",
    unit: str | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> str | bytes:
    """Render document ``kind`` of ``register`` (or of one ``unit``) as ``fmt`` in ``lang``.

    Kinds: ``register`` (the full *register risiko*), ``rtp`` (the treatment plan),
    ``audit`` (the auditor's report) and ``heatmap`` (the *peta risiko*). Formats:
    ``html``, ``pdf`` and ``md`` for the first three, ``svg`` for the heat map.
    PDF is returned as bytes, every other format as text.

    Raises:
        UsageError: an unknown kind, format, language or unit, or a missing templates folder.
        RenderError: a template is broken, unsafe or names an undefined value (with the
            template's file and line), or the PDF could not be printed.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> reg = RegisterBuilder().risk("R-1", likelihood=5, impact=5).build()
        >>> print(render(reg, "rtp", "md", lang="en").splitlines()[0])
        # Control action plan (Rencana Tindak Pengendalian)
    """
    _check(kind, fmt, lang)
    user_dir = _check_templates_dir(templates)
    view = build_view(register, kind, lang, unit)
    context = {"doc": view, "t": catalogue(lang).labels_namespace}
    if fmt == "pdf":
        return _pdf(_render_template(TEMPLATE_NAMES[(kind, "html")], user_dir, context))
    return _render_template(TEMPLATE_NAMES[(kind, fmt)], user_dir, context)


def render_documents(
    register: Register,
    kinds: Iterable[str] = KINDS,
    formats: Iterable[str] = ("html", "md"),
    lang: str = "id",
    unit: str | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> Iterator[tuple[str, str | bytes]]:
    """Render several documents of one register, unit and language: ``(file name, content)``.

    Each kind is rendered in each of ``formats`` it has; the heat map, which has
    only SVG, is rendered once as SVG whatever ``formats`` says. Views are built
    once and shared between kinds and formats. Documents come in the order of
    :data:`~zi_risk.documents.KINDS`, then of :data:`FORMATS`; file names come from
    :func:`document_filename`.

    Raises:
        UsageError: an unknown kind, format, language or unit.
        RenderError: as :func:`render`.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> reg = RegisterBuilder().risk("R-1").build()
        >>> [name for name, _ in render_documents(reg, ["rtp", "heatmap"], ["md"])]
        ['rtp.md', 'peta-risiko.svg']
    """
    wanted_kinds = [k for k in KINDS if k in set(kinds)]
    for kind in kinds:
        if kind not in KINDS:
            raise UsageError(msg.RENDER_BAD_KIND.format(kind=kind, choices=", ".join(KINDS)))
    wanted_formats = set(formats)
    for fmt in wanted_formats:
        if fmt not in FORMATS:
            raise UsageError(
                msg.RENDER_BAD_CHOICE.format(option="format", value=fmt, choices=", ".join(FORMATS))
            )
    user_dir = _check_templates_dir(templates)
    if lang not in LANGUAGES:
        raise UsageError(msg.RENDER_BAD_LANG.format(lang=lang, choices=", ".join(LANGUAGES)))
    views = build_views(register, wanted_kinds, lang, unit)
    context_t = catalogue(lang).labels_namespace
    for kind in wanted_kinds:
        own = KIND_FORMATS[kind]
        chosen = [f for f in FORMATS if f in own and f in wanted_formats] or list(own[:1])
        context = {"doc": views[kind], "t": context_t}
        html: str | None = None
        for fmt in chosen:
            name = document_filename(kind, fmt, lang, unit)
            if fmt == "pdf":
                if html is None:
                    html = _render_template(TEMPLATE_NAMES[(kind, "html")], user_dir, context)
                yield name, _pdf(html)
            else:
                text = _render_template(TEMPLATE_NAMES[(kind, fmt)], user_dir, context)
                if fmt == "html":
                    html = text
                yield name, text
