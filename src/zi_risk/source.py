"""Reading YAML and JSON safely, and remembering where each value stood.

Parsing gives plain Python data (dicts, lists, scalars) and a :class:`Source` that
maps a path inside the data (``("risks", 3, "inherent")``) to a :class:`Location`.
YAML is composed with PyYAML's safe loader (nothing is ever constructed from
tags); aliases are expanded under a budget so that a "billion laughs" document
fails fast. JSON is parsed with :mod:`json` and located lazily: line numbers are
only looked up when a location is asked for.

Examples:
    >>> data, src = parse_text("a:\\n  - {b: 1}\\n", "x.yaml")
    >>> data
    {'a': [{'b': 1}]}
    >>> str(src.at(("a", 0, "b")))
    'x.yaml:2:6'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import LoadError, Location, Problem

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_FILE_BYTES",
    "DataPath",
    "MappingSource",
    "PlainSource",
    "Source",
    "YamlSource",
    "format_path",
    "parse_file",
    "parse_text",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest register file read (64 MiB); larger files are refused with a clear error."""

MAX_ALIAS_NODES = 100_000
"""Most values that YAML aliases may add to one document by repeating anchored nodes."""

DataPath = tuple[str | int, ...]

try:  # libyaml is much faster; both loaders are the safe ones
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def format_path(path: DataPath) -> str:
    """Write a data path as ``risks[3].inherent``.

    Examples:
        >>> format_path(("risks", 3, "inherent"))
        'risks[3].inherent'
    """
    size = len(path)
    if size >= 2 and not isinstance(path[0], int) and isinstance(path[1], int):
        # records and their parts, the common cases, without the loop
        if size == 2:
            return f"{path[0]}[{path[1]}]"
        if size == 3 and not isinstance(path[2], int):
            return f"{path[0]}[{path[1]}].{path[2]}"
        if size == 4 and not isinstance(path[2], int) and isinstance(path[3], int):
            return f"{path[0]}[{path[1]}].{path[2]}[{path[3]}]"
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Source(Protocol):
    """Maps a path in parsed data to the place in the input it came from."""

    file: str

    def at(self, path: DataPath) -> Location:
        """The location of the value at ``path`` (or of its nearest known parent)."""
        ...

    def brief(self, path: DataPath) -> Location:
        """A cheap location for a record: like :meth:`at`, or just the file and path."""
        ...


class PlainSource:
    """A source without line numbers: locations name the file and the data path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def at(self, path: DataPath) -> Location:
        """The file and the path; no line is known."""
        return Location(file=self.file, path=format_path(path) or None)

    brief = at


class MappingSource:
    """A source with explicit locations per path, e.g. spreadsheet cells.

    Paths not in the table fall back to their nearest listed parent.
    """

    def __init__(self, file: str, table: Mapping[DataPath, Location]) -> None:
        self.file = file
        self._table = table

    def at(self, path: DataPath) -> Location:
        """The location listed for ``path`` or its nearest parent."""
        for cut in range(len(path), -1, -1):
            loc = self._table.get(path[:cut])
            if loc is not None:
                return loc
        return Location(file=self.file)

    brief = at


class YamlSource:
    """Locations from a composed YAML node tree (also used to locate JSON lazily)."""

    def __init__(
        self,
        file: str,
        marks: dict[DataPath, tuple[int, int]] | None = None,
        text: Callable[[], str] | None = None,
    ) -> None:
        self.file = file
        self._marks = marks
        self._text = text

    def _table(self) -> dict[DataPath, tuple[int, int]]:
        if self._marks is None:
            self._marks = {}
            if self._text is not None:
                try:
                    _, marks = _compose(self._text(), self.file, budget=MAX_ALIAS_NODES)
                    self._marks = marks
                except (LoadError, yaml.YAMLError):  # a JSON oddity YAML cannot read
                    pass
        return self._marks

    def brief(self, path: DataPath) -> Location:
        """Like :meth:`at`, but without looking lines up when that would mean parsing again.

        Records remember this location: for JSON it names the file and the data path,
        so that loading large JSON files never pays for line numbers nobody asked for.
        """
        if self._marks is None:
            return Location(file=self.file, path=format_path(path) or None)
        return self.at(path)

    def at(self, path: DataPath) -> Location:
        """The line and column where the value at ``path`` (or its nearest parent) starts."""
        table = self._table()
        for cut in range(len(path), -1, -1):
            mark = table.get(path[:cut])
            if mark is not None:
                return Location(
                    file=self.file, line=mark[0], col=mark[1], path=format_path(path) or None
                )
        return Location(file=self.file, path=format_path(path) or None)


def _yaml_problem(file: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    loc = Location(file=file, line=mark.line + 1, col=mark.column + 1) if mark else Location(file)
    reason = getattr(exc, "problem", None) or str(exc)
    return Problem(loc, None, None, f"expected valid YAML: {reason}")


class _Budget:
    """Counts values built from nodes already built once: only aliases do that."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.seen: set[int] = set()


def _compose(text: str, file: str, budget: int) -> tuple[Any, dict[DataPath, tuple[int, int]]]:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_problem(file, exc)]) from None
    marks: dict[DataPath, tuple[int, int]] = {}
    if node is None:
        return None, marks
    left = _Budget(budget)
    constructor = yaml.SafeLoader("")  # used only to resolve scalars to Python values
    try:
        data = _build(node, (), marks, constructor, left, file)
    finally:
        constructor.dispose()
    return data, marks


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _build(
    node: yaml.Node,
    path: DataPath,
    marks: dict[DataPath, tuple[int, int]],
    ctor: yaml.SafeLoader,
    budget: _Budget,
    file: str,
) -> Any:
    if id(node) in budget.seen:
        budget.left -= 1
    else:
        budget.seen.add(id(node))
    if budget.left < 0:
        raise LoadError(
            [
                Problem(
                    Location(file=file, line=node.start_mark.line + 1),
                    None,
                    None,
                    f"expected a document whose aliases repeat at most {MAX_ALIAS_NODES:,} values "
                    "(this looks like an alias bomb)",
                )
            ]
        )
    if path not in marks:  # an alias expanded twice keeps the first place it was seen
        marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
        raise LoadError(
            [
                Problem(
                    Location(
                        file=file, line=node.start_mark.line + 1, col=node.start_mark.column + 1
                    ),
                    None,
                    format_path(path) or None,
                    "expected plain YAML values; tags such as this are not allowed",
                    got=node.tag,
                )
            ]
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(
                    [
                        Problem(
                            Location(
                                file=file,
                                line=key_node.start_mark.line + 1,
                                col=key_node.start_mark.column + 1,
                            ),
                            None,
                            None,
                            "expected a plain key; YAML merge keys ('<<') are not supported",
                        )
                    ]
                )
            key = _build(key_node, path, {}, ctor, budget, file)
            if isinstance(key, dict | list):
                raise LoadError(
                    [
                        Problem(
                            Location(file=file, line=key_node.start_mark.line + 1),
                            None,
                            format_path(path) or None,
                            "expected a text key",
                            got=key,
                        )
                    ]
                )
            if key in result:
                raise LoadError(
                    [
                        Problem(
                            Location(
                                file=file,
                                line=key_node.start_mark.line + 1,
                                col=key_node.start_mark.column + 1,
                            ),
                            None,
                            format_path((*path, key)),
                            "expected each key once, found it again",
                        )
                    ]
                )
            sub = (*path, key)
            marks[sub] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, sub, marks, ctor, budget, file)
            marks[sub] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(n, (*path, i), marks, ctor, budget, file) for i, n in enumerate(node.value)]
    try:
        return ctor.construct_object(node, deep=True)
    except yaml.YAMLError:  # an unknown or unsafe tag such as !!python/object
        raise LoadError(
            [
                Problem(
                    Location(
                        file=file, line=node.start_mark.line + 1, col=node.start_mark.column + 1
                    ),
                    None,
                    format_path(path) or None,
                    "expected plain YAML values; tags such as this are not allowed",
                    got=node.tag,
                )
            ]
        ) from None
    except (ValueError, OverflowError):  # e.g. 2023-13-45: keep the text, the loader says why
        return node.value


def parse_text(text: str, file: str, *, kind: str | None = None) -> tuple[Any, Source]:
    """Parse YAML (or JSON when ``kind == "json"``) text into data and its source map."""
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            loc = Location(file=file, line=exc.lineno, col=exc.colno)
            raise LoadError([Problem(loc, None, None, f"expected valid JSON: {exc.msg}")]) from None
        return data, YamlSource(file, text=lambda: text)
    data, marks = _compose(text, file, MAX_ALIAS_NODES)
    return data, YamlSource(file, marks)


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file (a BOM is allowed), refusing files over ``max_bytes``."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                [
                    Problem(
                        Location(file=name),
                        None,
                        None,
                        f"expected a file of at most {max_bytes:,} bytes, got {size:,} bytes",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        from .errors import OutputError

        raise OutputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            [
                Problem(
                    Location(file=name, line=line),
                    None,
                    None,
                    f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                )
            ]
        ) from None


def parse_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, Source]:
    """Read and parse a ``.yaml``, ``.yml`` or ``.json`` file.

    A JSON file's lines are only looked up when a problem is reported; the file is
    then read again rather than kept in memory for the whole load.
    """
    text = read_text(path, max_bytes=max_bytes)
    if path.suffix.lower() != ".json":
        return parse_text(text, str(path), kind="yaml")
    data, _ = parse_text(text, str(path), kind="json")
    return data, YamlSource(str(path), text=_reread(path, max_bytes))


def _reread(path: Path, max_bytes: int) -> Callable[[], str]:
    def text() -> str:
        try:
            return read_text(path, max_bytes=max_bytes)
        except (LoadError, OSError):  # gone or changed since: locations keep their data path
            return ""

    return text


def plain(value: Any) -> Any:
    """Turn dates into ISO text and tuples into lists, for JSON output."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
