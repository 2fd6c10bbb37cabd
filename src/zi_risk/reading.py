"""Reading the field values of register records, recording located problems instead of raising.

A :class:`Document` is one parsed input; a reader checks each value against what
the format expects (text, ids, whole numbers, dates, vocabulary words) and
records a :class:`~zi_risk.errors.Problem` with its place for anything else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from . import messages as msg
from .errors import Location, Problem
from .model import (
    Due,
)
from .source import DataPath, Source
from .vocab import (
    Vocabulary,
)

__all__ = ["Document"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_NIP = re.compile(r"^\d{18}$")
_V = TypeVar("_V", bound=Vocabulary)
_KNOWN: dict[tuple[str, ...], frozenset[str]] = {}


class Document:
    """One parsed input: its data, where each value came from, and the folder it lives in.

    ``problems`` are those its reader already found (a workbook's structure, say);
    they are reported together with everything the loader finds.
    """

    def __init__(
        self,
        data: Any,
        source: Source,
        base_dir: Path | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        self.data = data
        self.source = source
        self.base_dir = base_dir
        self.problems = tuple(problems)


def _guess(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg.DID_YOU_MEAN.format(guess=found[0]) if found else None


class _Reader:
    """Reads values of one document, recording problems instead of raising."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def at(self, path: DataPath) -> Location:
        return self.doc.source.at(path)

    def brief(self, path: DataPath) -> Location:
        return self.doc.source.brief(path)

    def problem(
        self,
        path: DataPath,
        record: str | None,
        field: str | None,
        expected: str,
        got: Any = Problem.__init__,
        hint: str | None = None,
    ) -> None:
        if got is Problem.__init__:
            self.problems.append(Problem(self.at(path), record, field, expected, hint=hint))
        else:
            self.problems.append(Problem(self.at(path), record, field, expected, got, hint))

    # -- structure ----------------------------------------------------------------
    def fields(
        self,
        value: Any,
        path: DataPath,
        record: str,
        prefix: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
    ) -> dict[str, Any] | None:
        """Check a record's mapping: unknown keys (with a guess) and missing required ones."""
        if not isinstance(value, dict):
            self.problem(path, record, prefix or None, msg.EXPECTED_MAPPING, value)
            return None
        known = _KNOWN.get(allowed)
        if known is None:
            known = _KNOWN[allowed] = frozenset(allowed)
        for key in value:
            if key not in known:
                self.problem(
                    (*path, key),
                    record,
                    _join(prefix, str(key)),
                    msg.UNKNOWN_FIELD,
                    hint=_guess(str(key), allowed),
                )
        for key in required:
            if value.get(key) is None:  # located where the field would be, if that is known
                self.problem((*path, key), record, _join(prefix, key), msg.MISSING_FIELD)
        return value

    def text(self, value: Any, path: DataPath, record: str, field: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(path, record, field, msg.EXPECTED_TEXT, value)
            return None
        text = str(value) if not isinstance(value, str) else value
        if not text.strip():
            self.problem(path, record, field, msg.EXPECTED_NONEMPTY_TEXT, value)
            return None
        return text

    def ident(self, value: Any, path: DataPath, record: str, field: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(path, record, field, msg.EXPECTED_ID, value)
            return None
        return value

    def integer(
        self,
        value: Any,
        path: DataPath,
        record: str,
        field: str,
        low: int | None = None,
        high: int | None = None,
        expected: str = msg.EXPECTED_INTEGER,
    ) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.problem(path, record, field, expected, value)
                return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(path, record, field, expected, value)
            return None
        return int(value)

    def date(self, value: Any, path: DataPath, record: str, field: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(path, record, field, msg.EXPECTED_DATE, value)
        return None

    def due(self, value: Any, path: DataPath, record: str, field: str) -> Due | None:
        if value is None:
            return None
        if isinstance(value, dt.date | str):
            try:
                return Due.parse(value)
            except ValueError:
                pass
        self.problem(path, record, field, msg.EXPECTED_DUE, value)
        return None

    def vocab(
        self, cls: type[_V], value: Any, path: DataPath, record: str, field: str
    ) -> _V | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return cls.parse(value)
            except ValueError:
                pass
        choices = cls.tokens()
        hint = (
            _guess(str(value).casefold(), list(cls.spellings())) if isinstance(value, str) else None
        )
        if hint:  # suggest the token, not the spelling that matched
            spelled = difflib.get_close_matches(
                str(value).casefold(), list(cls.spellings()), 1, 0.6
            )
            hint = msg.DID_YOU_MEAN.format(guess=cls.spellings()[spelled[0]].token)
        self.problem(
            path, record, field, msg.EXPECTED_ONE_OF.format(choices=", ".join(choices)), value, hint
        )
        return None

    def items(
        self, value: Any, path: DataPath, record: str, field: str, single_ok: bool = False
    ) -> list[tuple[DataPath, Any]]:
        if value is None:
            return []
        if single_ok and not isinstance(value, list | dict):
            return [(path, value)]
        if not isinstance(value, list):
            self.problem(path, record, field, msg.EXPECTED_LIST, value)
            return []
        return [((*path, i), v) for i, v in enumerate(value)]

    def texts(self, value: Any, path: DataPath, record: str, field: str) -> tuple[str, ...]:
        out = []
        for sub, item in self.items(value, path, record, field):
            text = self.text(item, sub, record, field)
            if text is not None:
                out.append(text)
        return tuple(out)


def _join(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix else field


def _record_id(value: Any, section: str, index: int) -> str:
    if isinstance(value, dict):
        ident = value.get("id")
        if isinstance(ident, str | int) and not isinstance(ident, bool):
            return str(ident)
    return f"{section}[{index}]"
