"""Loading registers: files, directories or parsed data into one validated :class:`Register`.

The loader never stops at the first mistake: it reads everything, collects every
problem with its file, line, record id and field, and raises one
:class:`~zi_risk.errors.LoadError` sorted by place.

Examples:
    >>> reg = load_register({
    ...     "zi_risk": 1,
    ...     "register": {"title": "Register", "organisation": "Kab. X", "year": 2023},
    ... })
    >>> reg.year, reg.criteria.name
    (2023, 'bpkp-2019')
    >>> load_register({"zi_risk": 1, "register": {"title": "R", "year": "2023"}})
    Traceback (most recent call last):
    ...
    zi_risk.errors.LoadError: 2 problems:
    <input>:register.organisation: register.organisation: required field is missing
    <input>:register.year: register.year: expected a whole number, got '2023'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from . import messages as msg
from .bulk import bulk
from .errors import LoadError, Location, Problem
from .fast_records import _FastReader, _Slow
from .model import (
    FORMAT_VERSION,
    Register,
)
from .reading import Document, _guess, _Reader, _record_id
from .records import _Build
from .source import MAX_FILE_BYTES, DataPath, PlainSource, parse_file

__all__ = ["Document", "load_documents", "load_register", "register_files"]

SUFFIXES = (".yaml", ".yml", ".json")
SECTIONS = ("zi_risk", "register", "units", "owners", "services", "risks", "controls")
_Missing = object()

_KINDS = (
    ("units", "unit"),
    ("owners", "owner"),
    ("services", "service"),
    ("risks", "risk"),
    ("controls", "control"),
)


def load_documents(documents: Iterable[Document]) -> Register:
    """Build one register from parsed documents, or raise a :class:`LoadError` with every problem.

    This is the common ground of every input format: YAML, JSON and workbooks are
    parsed into :class:`Document` objects first.
    """
    with bulk():
        return _load_documents(documents)


def _load_documents(documents: Iterable[Document], *, release: bool = False) -> Register:
    """The body of :func:`load_documents`.

    With ``release`` (documents the loader parsed itself), each document's data is
    dropped as soon as its records are built: the parsed data of a large register
    takes more memory than its records, and need not be held next to them.
    """
    build = _Build()
    docs = list(documents)
    readers = [_Reader(doc, build.problems) for doc in docs]
    for doc in docs:
        build.problems.extend(doc.problems)
    header: dict[str, Any] | None = None
    header_at: tuple[_Reader, DataPath] | None = None  # located only if needed: lines cost
    usable: list[tuple[_Reader, dict[str, Any]]] = []
    for rd in readers:
        data = rd.doc.data
        if not isinstance(data, dict):
            rd.problem((), None, None, msg.EXPECTED_DOCUMENT, data)
            continue
        if _version_ok(rd, data):
            usable.append((rd, data))
    if not docs:
        raise LoadError([Problem(Location(), None, None, msg.NO_INPUT)])
    # the register section first: its criteria decide the scale of every assessment
    for rd, data in usable:
        for key in data:
            if key not in SECTIONS:
                rd.problem(
                    (key,), None, str(key), msg.UNKNOWN_FIELD, hint=_guess(str(key), SECTIONS)
                )
        if "register" in data:
            if header_at is not None:
                first_rd, first_path = header_at
                other = first_rd.at(first_path)
                rd.problem(("register",), "register", None, msg.SECOND_REGISTER.format(other=other))
                continue
            header_at = (rd, ("register",))
            header = build.register(rd, data["register"], ("register",))
    if header_at is None and usable:
        rd0 = usable[0][0]
        build.problems.append(
            Problem(Location(file=rd0.doc.source.file), None, "register", msg.NO_REGISTER)
        )

    records: dict[str, list[Any]] = {section: [] for section, _ in _KINDS}
    first_seen: dict[tuple[str, str], tuple[_Reader, DataPath]] = {}
    fast = _FastReader(build, first_seen)
    quick_readers: dict[str, Callable[[_Reader, Any, DataPath, str], Any]] = {
        "risk": fast.risk,
        "control": fast.control,
    }
    for n, (rd, data) in enumerate(usable):
        if release:
            usable[n] = (rd, {})
            rd.doc.data = None
        for section, kind in _KINDS:
            value = data.get(section)
            reader: Callable[[_Reader, Any, DataPath, str], Any] = getattr(build, kind)
            quick = quick_readers.get(kind)
            for path, item in rd.items(value, (section,), section, section):
                rec = _record_id(item, section, path[-1])  # type: ignore[arg-type]
                slot = (kind, rec)
                if slot in first_seen:
                    first_rd, first_path = first_seen[slot]
                    other = first_rd.at((*first_path, "id"))
                    rd.problem(
                        (*path, "id"), rec, "id", msg.DUPLICATE_ID.format(id=rec, other=other)
                    )
                    continue
                first_seen[slot] = (rd, path)
                made = None
                if quick is not None:
                    try:
                        made = quick(rd, item, path, rec)
                    except _Slow:
                        made = None
                if made is None:
                    made = reader(rd, item, path, rec)
                if made is not None:
                    records[section].append(made)
                    if kind == "service":
                        fast.services[made.id] = made
        del data, value  # with release, this document's data is now free

    # ids declared by records that had other problems still count: one mistake, one message
    ids: dict[str, set[str]] = {kind: set() for _, kind in _KINDS}
    for kind, ident in first_seen:
        ids[kind].add(ident)
    for kind, ident, rd, path, rec, field in build.refs.pending:
        if ident not in ids[kind]:
            rd.problem(
                path, rec, field, msg.UNKNOWN_REF.format(kind=kind), ident, _guess(ident, ids[kind])
            )
    services = {s.id: s for s in records["services"]}
    for rd, path, rec, service_id, step in build.step_checks:
        svc = services.get(service_id)
        if svc is not None and step not in svc.steps and service_id not in build.unknown_steps:
            rd.problem(
                path,
                rec,
                "step",
                msg.STEP_NOT_IN_SERVICE.format(
                    service=service_id, steps=", ".join(svc.steps) or "none"
                ),
                step,
                _guess(step, svc.steps),
            )

    if build.problems or header is None:
        raise LoadError(build.problems)
    return Register(
        **header,
        units=tuple(records["units"]),
        owners=tuple(records["owners"]),
        services=tuple(records["services"]),
        risks=tuple(records["risks"]),
        controls=tuple(records["controls"]),
    )


def _version_ok(rd: _Reader, data: Mapping[str, Any]) -> bool:
    version = data.get("zi_risk", _Missing)
    if version is _Missing:
        rd.problem((), None, "zi_risk", msg.MISSING_VERSION)
        return False
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        rd.problem(
            ("zi_risk",), None, "zi_risk", msg.BAD_VERSION.format(newest=FORMAT_VERSION), version
        )
        return False
    if version > FORMAT_VERSION:
        rd.problem(
            ("zi_risk",),
            None,
            "zi_risk",
            msg.NEWER_VERSION.format(newest=FORMAT_VERSION, got=version),
        )
        return False
    return True


def register_files(paths: Iterable[str | Path]) -> list[Path]:
    """The register files named by ``paths``; directories give their files, sorted, recursively.

    Files and folders whose name starts with ``.`` or ``_`` inside a directory are skipped.
    """
    problems: list[Problem] = []
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(Location(file=str(path)), None, None, msg.NO_FILES_IN_DIR))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in (*SUFFIXES, ".xlsx"):
                problems.append(
                    Problem(Location(file=str(path)), None, None, msg.UNSUPPORTED_SUFFIX)
                )
            files.append(path)
        else:
            problems.append(Problem(Location(file=str(path)), None, None, msg.NOT_FOUND))
    if problems:
        raise LoadError(problems)
    return files


def _documents_of(path: Path, max_bytes: int) -> list[Document]:
    if path.suffix.lower() == ".xlsx":
        from .xlsx import read_workbook  # type: ignore[import-not-found,unused-ignore]

        return list(read_workbook(path, max_bytes=max_bytes))
    data, source = parse_file(path, max_bytes=max_bytes)
    return [Document(data, source, path.parent)]


def load_register(
    *inputs: str | Path | Mapping[str, Any],
    max_bytes: int = MAX_FILE_BYTES,
    on_file: Callable[[Path], None] | None = None,
) -> Register:
    """Load a register from files, directories or already parsed mappings.

    A register may be split over several files (one per unit, say): exactly one
    of them has the ``register:`` section, and ids are unique across all of them.
    Every file over ``max_bytes`` is refused. All problems of all files are
    reported together in one :class:`LoadError`. ``on_file`` is called after each
    file is read (the command line shows progress with it).
    """
    documents: list[Document] = []
    problems: list[Problem] = []
    names: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Mapping):
            documents.append(Document(dict(item), PlainSource("<input>")))
        else:
            names.append(item)
    if names:
        with bulk():
            for path in register_files(names):
                try:
                    documents.extend(_documents_of(path, max_bytes))
                except LoadError as exc:
                    problems.extend(exc.problems)
                if on_file is not None:
                    on_file(path)
    if problems:
        raise LoadError(problems)
    with bulk():
        return _load_documents(documents, release=True)
