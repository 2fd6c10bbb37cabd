"""View data of the documents: every row sorted, every label chosen, every number formatted.

Templates receive the frozen records of :mod:`zi_risk.views` and only loop and
test; they never sort, compute, look anything up or read a clock. One function
per document kind builds its view from a register (or from one unit of it) in
one linear pass, and :func:`build_views` builds several from one shared context
(:mod:`zi_risk.document_context`):

* :func:`register_view` — the full *register risiko* (cover, context, the five
  sheets, the risk maps, the annexes);
* :func:`rtp_view` — the *Rencana Tindak Pengendalian* (treatment plan) alone;
* :func:`audit_view` — the auditor's (APIP) report (:mod:`zi_risk.audit_document`);
* :func:`heatmap_view` — the *peta risiko* (risk map) alone.

The register, RTP and risk-map builders are in :mod:`zi_risk.register_document`.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = (RegisterBuilder(appetite=11)
    ...        .risk("R-1", likelihood=4, impact=4, residual=(2, 3), name="Pungli KTP")
    ...        .control("C-1", mitigates=["R-1"], adequacy="adequate")
    ...        .build())
    >>> doc = register_view(reg, "id")
    >>> row = doc.groups[0].risks[0]
    >>> row.id, row.inherent.text, row.residual.text, row.exists
    ('R-1', '19 Tinggi', '11 Sedang', 'Ada')
    >>> [(c.besaran, c.count) for c in doc.maps[0].grid.cells if c.count]
    [(19, 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from . import messages as msg
from .audit_document import _audit_view, audit_view
from .document_context import _Context, scope
from .errors import UsageError
from .model import Register
from .register_document import (
    _heatmap_view,
    _register_view,
    _rtp_view,
    heatmap_view,
    register_view,
    rtp_view,
)
from .views import View

__all__ = [
    "KINDS",
    "audit_view",
    "build_view",
    "build_views",
    "heatmap_view",
    "register_view",
    "rtp_view",
    "scope",
]

KINDS: tuple[str, ...] = ("register", "rtp", "audit", "heatmap")
"""The document kinds, in the order the command line writes them."""


_BUILDERS: Mapping[str, Callable[[_Context], View]] = {
    "register": _register_view,
    "rtp": _rtp_view,
    "audit": _audit_view,
    "heatmap": _heatmap_view,
}


def build_views(
    register: Register, kinds: Iterable[str], lang: str = "id", unit: str | None = None
) -> dict[str, View]:
    """The views of several document kinds of one register, unit and language.

    The scores, the unit grouping and the audit are computed once and shared, so
    rendering every document costs little more than rendering the largest one.

    Raises:
        UsageError: a kind is not a document kind, or ``unit`` is not in the register.

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> views = build_views(RegisterBuilder().risk("R-1").build(), ["rtp", "heatmap"])
        >>> sorted(views), views["heatmap"].maps[0].grid.total
        (['heatmap', 'rtp'], 1)
    """
    wanted = list(dict.fromkeys(kinds))
    for kind in wanted:
        if kind not in _BUILDERS:
            raise UsageError(msg.RENDER_BAD_KIND.format(kind=kind, choices=", ".join(KINDS)))
    ctx = _Context(register, lang, unit)
    return {kind: _BUILDERS[kind](ctx) for kind in wanted}


def build_view(register: Register, kind: str, lang: str = "id", unit: str | None = None) -> View:
    """The view of document ``kind`` (one of :data:`KINDS`).

    Raises:
        UsageError: ``kind`` is not a document kind, or ``unit`` is not in the register.
    """
    return build_views(register, [kind], lang, unit)[kind]
