"""The exception hierarchy of zi-risk and the locations its errors carry.

Every error a user can cause derives from :class:`ZiRiskError` and says where the
problem is: the file, the line (or sheet and cell), the record id and the field.
Loading collects *all* problems before it raises one :class:`LoadError`.

Examples:
    >>> loc = Location(file="units/dukcapil.yaml", line=12, col=5)
    >>> p = Problem(loc, "R-DUK-01", "likelihood", "expected 1-5", got=7)
    >>> str(p)
    'units/dukcapil.yaml:12:5: R-DUK-01.likelihood: expected 1-5, got 7'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "CriteriaError",
    "LoadError",
    "Location",
    "OutputError",
    "Problem",
    "RenderError",
    "UsageError",
    "ZiRiskError",
]


@attrs.frozen(order=False)
class Location:
    """Where something came from: a file and a line, or a sheet and a cell.

    ``line`` and ``col`` are 1-based. ``cell`` is used for spreadsheets
    (``"Analisis!F12"``); ``path`` is the position inside the document
    (``"risks[3].inherent"``) and is kept even when the line is unknown.
    """

    file: str | None = None
    line: int | None = None
    col: int | None = None
    cell: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        head = self.file or "<input>"
        if self.cell is not None:
            return f"{head}!{self.cell}"
        if self.line is not None:
            head = f"{head}:{self.line}"
            if self.col is not None:
                head = f"{head}:{self.col}"
        elif self.path:
            head = f"{head}:{self.path}"
        return head

    def sort_key(self) -> tuple[str, int, int, str]:
        """A key that orders locations by file, then line, then column."""
        return (self.file or "", self.line or 0, self.col or 0, self.cell or self.path or "")


UNKNOWN = Location()


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


_NOTHING = object()


@attrs.frozen(eq=False)
class Problem:
    """One located input problem: ``file:line:col: id.field: expected X, got Y``.

    ``got`` is the offending value, shown with ``repr`` for text; leave it out when
    there is nothing to show (a missing field). ``hint`` is appended as ``(did you
    mean ...?)`` style advice.
    """

    location: Location
    record: str | None
    field: str | None
    expected: str
    got: Any = _NOTHING
    hint: str | None = None

    @property
    def subject(self) -> str:
        """``record.field``, ``record`` or ``field``, whichever is known."""
        parts = [p for p in (self.record, self.field) if p]
        return ".".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: "
        if self.subject:
            text += f"{self.subject}: "
        text += self.expected
        if self.got is not _NOTHING:
            text += f", got {_show(self.got)}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[tuple[str, int, int, str], str]:
        """Order problems by place, then by their text."""
        return (self.location.sort_key(), str(self))


class ZiRiskError(Exception):
    """Base class of every error zi-risk raises on purpose."""

    exit_code = 1


class UsageError(ZiRiskError, ValueError):
    """A command or function was called the wrong way (exit code 2)."""

    exit_code = 2


class LoadError(ZiRiskError, ValueError):
    """Input could not be loaded; holds every problem found, sorted by place (exit 3).

    Examples:
        >>> err = LoadError([Problem(Location("b.yaml", 2), "X", "name", "expected text"),
        ...                  Problem(Location("a.yaml", 9), None, "zi_risk", "expected 1")])
        >>> print(err)
        2 problems:
        a.yaml:9: zi_risk: expected 1
        b.yaml:2: X.name: expected text
    """

    exit_code = 3

    def __init__(self, problems: Iterable[Problem]) -> None:
        unique = {str(p): p for p in problems}
        self.problems: tuple[Problem, ...] = tuple(sorted(unique.values(), key=Problem.sort_key))
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        return "\n".join([f"{len(lines)} problems:", *lines])


class CriteriaError(LoadError):
    """Risk criteria (scales, matrix, bands) are malformed; holds every problem."""


class RenderError(ZiRiskError, ValueError):
    """A document could not be rendered, e.g. a broken or unsafe template (exit 3)."""

    exit_code = 3

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        text = f"{location}: {message}" if location else message
        super().__init__(text)


class OutputError(ZiRiskError, OSError):
    """A file could not be read or written (exit code 4)."""

    exit_code = 4
