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

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import messages as msg
from .bulk import bulk
from .criteria import RiskCriteria, default_criteria, resolve_criteria
from .errors import CriteriaError, LoadError, Location, Problem
from .model import (
    FORMAT_VERSION,
    Acceptance,
    Assessment,
    AuditSettings,
    Control,
    Due,
    Evidence,
    Owner,
    Register,
    Risk,
    Service,
    Signature,
    Test,
    Unit,
)
from .source import MAX_FILE_BYTES, DataPath, PlainSource, Source, parse_file
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
    Vocabulary,
)

__all__ = ["Document", "load_documents", "load_register", "register_files"]

SUFFIXES = (".yaml", ".yml", ".json")
SECTIONS = ("zi_risk", "register", "units", "owners", "services", "risks", "controls")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_NIP = re.compile(r"^\d{18}$")
_V = TypeVar("_V", bound=Vocabulary)
_Missing = object()
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


# -- records --------------------------------------------------------------------------

_REGISTER_FIELDS = (
    "title",
    "organisation",
    "year",
    "quarter",
    "criteria",
    "appetite",
    "residual_method",
    "prepared_by",
    "approved_by",
    "signed",
    "audit",
)
_UNIT_FIELDS = ("id", "name", "kind", "head", "appetite")
_OWNER_FIELDS = ("id", "position", "unit", "name", "nip")
_SERVICE_FIELDS = ("id", "unit", "name", "description", "steps")
_RISK_FIELDS = (
    "id",
    "service",
    "step",
    "name",
    "scenario",
    "group",
    "scheme",
    "causes",
    "effects",
    "owner",
    "inherent",
    "residual",
    "target",
    "treatment",
    "acceptance",
)
_ASSESSMENT_FIELDS = ("likelihood", "impact", "rationale")
_ACCEPTANCE_FIELDS = ("approved_by", "date", "rationale")
_CONTROL_FIELDS = (
    "id",
    "name",
    "description",
    "type",
    "status",
    "adequacy",
    "owner",
    "mitigates",
    "due",
    "indicator",
    "budget",
    "evidence",
    "tests",
)
_EVIDENCE_FIELDS = ("title", "date", "ref")
_TEST_FIELDS = ("date", "result", "by", "note")
_AUDIT_FIELDS = ("disable", "severity", "thresholds")


class _Refs:
    """References to check once every record is read: (kind, id, location path, reader)."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, str, _Reader, DataPath, str, str]] = []

    def want(
        self, kind: str, ident: str | None, reader: _Reader, path: DataPath, record: str, field: str
    ) -> None:
        if ident is not None:
            self.pending.append((kind, ident, reader, path, record, field))


class _Build:
    """State of one load: problems, references to resolve, records read so far."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.refs = _Refs()
        self.criteria: RiskCriteria = default_criteria()
        self.risk_assessments: list[tuple[_Reader, DataPath, str, str, Any]] = []
        self.step_checks: list[tuple[_Reader, DataPath, str, str, str]] = []
        self.unknown_steps: set[str] = set()

    # register ---------------------------------------------------------------------
    def register(self, rd: _Reader, value: Any, path: DataPath) -> dict[str, Any] | None:
        data = rd.fields(
            value, path, "register", "", _REGISTER_FIELDS, ("title", "organisation", "year")
        )
        if data is None:
            return None
        out: dict[str, Any] = {}
        rec = "register"
        out["title"] = rd.text(data.get("title"), (*path, "title"), rec, "title")
        out["organisation"] = rd.text(
            data.get("organisation"), (*path, "organisation"), rec, "organisation"
        )
        out["year"] = rd.integer(
            data.get("year"),
            (*path, "year"),
            rec,
            "year",
            1900,
            2999,
            msg.EXPECTED_INTEGER if not isinstance(data.get("year"), int) else msg.EXPECTED_YEAR,
        )
        out["quarter"] = rd.integer(
            data.get("quarter"), (*path, "quarter"), rec, "quarter", 1, 4, msg.EXPECTED_QUARTER
        )
        if data.get("criteria") is not None:
            try:
                self.criteria = resolve_criteria(
                    data["criteria"],
                    source=rd.doc.source,
                    path=(*path, "criteria"),
                    base_dir=rd.doc.base_dir,
                )
            except CriteriaError as exc:
                self.problems.extend(exc.problems)
        out["criteria"] = self.criteria
        top = self.criteria.besaran(len(self.criteria.likelihood), len(self.criteria.impact))
        top = max(max(row) for row in self.criteria.grid) if self.criteria.grid else top
        out["appetite"] = rd.integer(
            data.get("appetite"),
            (*path, "appetite"),
            rec,
            "appetite",
            1,
            top,
            msg.EXPECTED_BESARAN.format(low=1, high=top),
        )
        method = data.get("residual_method")
        if method is not None:
            from .residual import RESIDUAL_METHODS

            if method not in RESIDUAL_METHODS:
                rd.problem(
                    (*path, "residual_method"),
                    rec,
                    "residual_method",
                    msg.UNKNOWN_RESIDUAL_METHOD.format(choices=", ".join(RESIDUAL_METHODS)),
                    method,
                    _guess(str(method), RESIDUAL_METHODS),
                )
                method = None
        out["residual_method"] = method
        for field in ("prepared_by", "approved_by"):
            out[field] = rd.ident(data.get(field), (*path, field), rec, field)
            self.refs.want("owner", out[field], rd, (*path, field), rec, field)
        out["signed"] = self.signature(rd, data.get("signed"), (*path, "signed"))
        out["audit"] = self.audit(rd, data.get("audit"), (*path, "audit"))
        out["loc"] = rd.brief(path)
        return out

    def signature(self, rd: _Reader, value: Any, path: DataPath) -> Signature | None:
        if value is None:
            return None
        data = rd.fields(value, path, "register", "signed", ("place", "date"), ("place", "date"))
        if data is None:
            return None
        place = rd.text(data.get("place"), (*path, "place"), "register", "signed.place")
        date = rd.date(data.get("date"), (*path, "date"), "register", "signed.date")
        if place is None or date is None:
            return None
        return Signature(place=place, date=date, loc=rd.brief(path))

    def audit(self, rd: _Reader, value: Any, path: DataPath) -> AuditSettings:
        if value is None:
            return AuditSettings()
        data = rd.fields(value, path, "register", "audit", _AUDIT_FIELDS, ())
        if data is None:
            return AuditSettings()
        disable = rd.texts(data.get("disable"), (*path, "disable"), "register", "audit.disable")
        severity: list[tuple[str, str]] = []
        sev = data.get("severity")
        if sev is not None:
            if isinstance(sev, dict):
                for code, level in sev.items():
                    choices = ("error", "warning", "info")
                    if level not in choices:
                        rd.problem(
                            (*path, "severity", code),
                            "register",
                            f"audit.severity.{code}",
                            msg.EXPECTED_ONE_OF.format(choices=", ".join(choices)),
                            level,
                        )
                    else:
                        severity.append((str(code), str(level)))
            else:
                rd.problem(
                    (*path, "severity"), "register", "audit.severity", msg.EXPECTED_MAPPING, sev
                )
        thresholds: list[tuple[str, int]] = []
        th = data.get("thresholds")
        if th is not None:
            if isinstance(th, dict):
                for name, number in th.items():
                    got = rd.integer(
                        number,
                        (*path, "thresholds", name),
                        "register",
                        f"audit.thresholds.{name}",
                        0,
                        None,
                        msg.EXPECTED_NON_NEGATIVE,
                    )
                    if got is not None:
                        thresholds.append((str(name), got))
            else:
                rd.problem(
                    (*path, "thresholds"), "register", "audit.thresholds", msg.EXPECTED_MAPPING, th
                )
        return AuditSettings(
            disable=disable,
            severity=tuple(severity),
            thresholds=tuple(thresholds),
            loc=rd.brief(path),
        )

    # units, owners, services ------------------------------------------------------------
    def unit(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Unit | None:
        data = rd.fields(value, path, rec, "", _UNIT_FIELDS, ("id", "name"))
        if data is None:
            return None
        ident = rd.ident(data.get("id"), (*path, "id"), rec, "id")
        name = rd.text(data.get("name"), (*path, "name"), rec, "name")
        head = rd.ident(data.get("head"), (*path, "head"), rec, "head")
        self.refs.want("owner", head, rd, (*path, "head"), rec, "head")
        top = max(max(row) for row in self.criteria.grid)
        appetite = rd.integer(
            data.get("appetite"),
            (*path, "appetite"),
            rec,
            "appetite",
            1,
            top,
            msg.EXPECTED_BESARAN.format(low=1, high=top),
        )
        kind = rd.text(data.get("kind"), (*path, "kind"), rec, "kind")
        if ident is None or name is None:
            return None
        return Unit(
            id=ident, name=name, kind=kind, head=head, appetite=appetite, loc=rd.brief(path)
        )

    def owner(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Owner | None:
        data = rd.fields(value, path, rec, "", _OWNER_FIELDS, ("id", "position"))
        if data is None:
            return None
        ident = rd.ident(data.get("id"), (*path, "id"), rec, "id")
        position = rd.text(data.get("position"), (*path, "position"), rec, "position")
        unit = rd.ident(data.get("unit"), (*path, "unit"), rec, "unit")
        self.refs.want("unit", unit, rd, (*path, "unit"), rec, "unit")
        name = rd.text(data.get("name"), (*path, "name"), rec, "name")
        nip = data.get("nip")
        if nip is not None:
            nip = str(nip) if isinstance(nip, int) and not isinstance(nip, bool) else nip
            if not isinstance(nip, str) or not _NIP.match(nip.replace(" ", "")):
                rd.problem((*path, "nip"), rec, "nip", msg.EXPECTED_NIP, data.get("nip"))
                nip = None
            else:
                nip = nip.replace(" ", "")
        if ident is None or position is None:
            return None
        return Owner(id=ident, position=position, unit=unit, name=name, nip=nip, loc=rd.brief(path))

    def service(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Service | None:
        data = rd.fields(value, path, rec, "", _SERVICE_FIELDS, ("id", "unit", "name"))
        if data is None:
            return None
        ident = rd.ident(data.get("id"), (*path, "id"), rec, "id")
        unit = rd.ident(data.get("unit"), (*path, "unit"), rec, "unit")
        self.refs.want("unit", unit, rd, (*path, "unit"), rec, "unit")
        name = rd.text(data.get("name"), (*path, "name"), rec, "name")
        description = rd.text(data.get("description"), (*path, "description"), rec, "description")
        before = len(rd.problems)
        steps = rd.texts(data.get("steps"), (*path, "steps"), rec, "steps")
        if len(rd.problems) > before and ident is not None:
            self.unknown_steps.add(ident)  # its risks' steps cannot be checked
        if ident is None or unit is None or name is None:
            return None
        return Service(
            id=ident, unit=unit, name=name, description=description, steps=steps, loc=rd.brief(path)
        )

    # risks ---------------------------------------------------------------------------
    def assessment(
        self, rd: _Reader, value: Any, path: DataPath, rec: str, prefix: str
    ) -> Assessment | None:
        if value is None:
            return None
        data = rd.fields(value, path, rec, prefix, _ASSESSMENT_FIELDS, ("likelihood", "impact"))
        if data is None:
            return None
        crit = self.criteria
        n_l, n_i = len(crit.likelihood), len(crit.impact)
        likelihood = rd.integer(
            data.get("likelihood"),
            (*path, "likelihood"),
            rec,
            f"{prefix}.likelihood",
            1,
            n_l,
            msg.EXPECTED_LEVEL.format(low=1, high=n_l),
        )
        impact: int | None = None
        areas: list[tuple[str, int]] = []
        raw = data.get("impact")
        if isinstance(raw, dict):
            keys = [a.key for a in crit.impact_areas]
            if not raw:
                rd.problem((*path, "impact"), rec, f"{prefix}.impact", msg.EXPECTED_AT_LEAST_ONE)
            for area, level in raw.items():
                if area not in keys:
                    rd.problem(
                        (*path, "impact", area),
                        rec,
                        f"{prefix}.impact.{area}",
                        msg.EXPECTED_IMPACT_AREA.format(
                            criteria=crit.name, choices=", ".join(keys)
                        ),
                        area,
                        _guess(str(area), keys),
                    )
                    continue
                got = rd.integer(
                    level,
                    (*path, "impact", area),
                    rec,
                    f"{prefix}.impact.{area}",
                    1,
                    n_i,
                    msg.EXPECTED_LEVEL.format(low=1, high=n_i),
                )
                if got is not None:
                    areas.append((str(area), got))
            if areas and len(areas) == len(raw):
                impact = max(level for _, level in areas)
        elif raw is not None:
            impact = rd.integer(
                raw,
                (*path, "impact"),
                rec,
                f"{prefix}.impact",
                1,
                n_i,
                msg.EXPECTED_IMPACT.format(low=1, high=n_i),
            )
        rationale = rd.text(data.get("rationale"), (*path, "rationale"), rec, f"{prefix}.rationale")
        if likelihood is None or impact is None:
            return None
        return Assessment(
            likelihood=likelihood,
            impact=impact,
            impact_areas=tuple(areas),
            rationale=rationale,
            loc=rd.brief(path),
        )

    def risk(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Risk | None:
        data = rd.fields(value, path, rec, "", _RISK_FIELDS, ("id", "service", "name", "inherent"))
        if data is None:
            return None
        ident = rd.ident(data.get("id"), (*path, "id"), rec, "id")
        service = rd.ident(data.get("service"), (*path, "service"), rec, "service")
        self.refs.want("service", service, rd, (*path, "service"), rec, "service")
        name = rd.text(data.get("name"), (*path, "name"), rec, "name")
        step = rd.text(data.get("step"), (*path, "step"), rec, "step")
        if step is not None and service is not None:
            self.step_checks.append((rd, (*path, "step"), rec, service, step))
        scenario = rd.text(data.get("scenario"), (*path, "scenario"), rec, "scenario")
        groups: list[RiskGroup] = []
        for sub, item in rd.items(data.get("group"), (*path, "group"), rec, "group", True):
            group = rd.vocab(RiskGroup, item, sub, rec, "group")
            if group is not None and group not in groups:
                groups.append(group)
        scheme = rd.vocab(Scheme, data.get("scheme"), (*path, "scheme"), rec, "scheme")
        causes = rd.texts(data.get("causes"), (*path, "causes"), rec, "causes")
        effects = rd.texts(data.get("effects"), (*path, "effects"), rec, "effects")
        owner = rd.ident(data.get("owner"), (*path, "owner"), rec, "owner")
        self.refs.want("owner", owner, rd, (*path, "owner"), rec, "owner")
        inherent = self.assessment(rd, data.get("inherent"), (*path, "inherent"), rec, "inherent")
        residual = self.assessment(rd, data.get("residual"), (*path, "residual"), rec, "residual")
        target = self.assessment(rd, data.get("target"), (*path, "target"), rec, "target")
        treatment = rd.vocab(
            Treatment, data.get("treatment"), (*path, "treatment"), rec, "treatment"
        )
        acceptance = self.acceptance(rd, data.get("acceptance"), (*path, "acceptance"), rec)
        if ident is None or service is None or name is None or inherent is None:
            return None
        return Risk(
            id=ident,
            service=service,
            name=name,
            inherent=inherent,
            step=step,
            scenario=scenario,
            group=tuple(groups),
            scheme=scheme,
            causes=causes,
            effects=effects,
            owner=owner,
            residual=residual,
            target=target,
            treatment=treatment,
            acceptance=acceptance,
            loc=rd.brief(path),
        )

    def acceptance(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Acceptance | None:
        if value is None:
            return None
        data = rd.fields(value, path, rec, "acceptance", _ACCEPTANCE_FIELDS, _ACCEPTANCE_FIELDS)
        if data is None:
            return None
        by = rd.ident(
            data.get("approved_by"), (*path, "approved_by"), rec, "acceptance.approved_by"
        )
        self.refs.want("owner", by, rd, (*path, "approved_by"), rec, "acceptance.approved_by")
        date = rd.date(data.get("date"), (*path, "date"), rec, "acceptance.date")
        why = rd.text(data.get("rationale"), (*path, "rationale"), rec, "acceptance.rationale")
        if by is None or date is None or why is None:
            return None
        return Acceptance(approved_by=by, date=date, rationale=why, loc=rd.brief(path))

    # controls ------------------------------------------------------------------------
    def control(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Control | None:
        data = rd.fields(
            value, path, rec, "", _CONTROL_FIELDS, ("id", "name", "type", "status", "mitigates")
        )
        if data is None:
            return None
        ident = rd.ident(data.get("id"), (*path, "id"), rec, "id")
        name = rd.text(data.get("name"), (*path, "name"), rec, "name")
        description = rd.text(data.get("description"), (*path, "description"), rec, "description")
        ctype = rd.vocab(ControlType, data.get("type"), (*path, "type"), rec, "type")
        status = rd.vocab(ControlStatus, data.get("status"), (*path, "status"), rec, "status")
        adequacy = rd.vocab(Adequacy, data.get("adequacy"), (*path, "adequacy"), rec, "adequacy")
        owner = rd.ident(data.get("owner"), (*path, "owner"), rec, "owner")
        self.refs.want("owner", owner, rd, (*path, "owner"), rec, "owner")
        mitigates: list[str] = []
        items = rd.items(data.get("mitigates"), (*path, "mitigates"), rec, "mitigates", True)
        if data.get("mitigates") is not None and not items:
            rd.problem((*path, "mitigates"), rec, "mitigates", msg.EXPECTED_AT_LEAST_ONE)
        for sub, item in items:
            risk = rd.ident(item, sub, rec, "mitigates")
            self.refs.want("risk", risk, rd, sub, rec, "mitigates")
            if risk is not None and risk not in mitigates:
                mitigates.append(risk)
        due = rd.due(data.get("due"), (*path, "due"), rec, "due")
        indicator = rd.text(data.get("indicator"), (*path, "indicator"), rec, "indicator")
        budget = rd.integer(
            data.get("budget"), (*path, "budget"), rec, "budget", 0, None, msg.EXPECTED_NON_NEGATIVE
        )
        evidence = []
        for sub, item in rd.items(data.get("evidence"), (*path, "evidence"), rec, "evidence"):
            ev = self.evidence(rd, item, sub, rec)
            if ev is not None:
                evidence.append(ev)
        tests = []
        for sub, item in rd.items(data.get("tests"), (*path, "tests"), rec, "tests"):
            test = self.test(rd, item, sub, rec)
            if test is not None:
                tests.append(test)
        if ident is None or name is None or ctype is None or status is None or not mitigates:
            return None
        return Control(
            id=ident,
            name=name,
            description=description,
            type=ctype,
            status=status,
            adequacy=adequacy or Adequacy.UNASSESSED,
            owner=owner,
            mitigates=tuple(mitigates),
            due=due,
            indicator=indicator,
            budget=budget,
            evidence=tuple(evidence),
            tests=tuple(tests),
            loc=rd.brief(path),
        )

    def evidence(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Evidence | None:
        if isinstance(value, str):
            value = {"title": value}
        data = rd.fields(value, path, rec, "evidence", _EVIDENCE_FIELDS, ("title",))
        if data is None:
            return None
        title = rd.text(data.get("title"), (*path, "title"), rec, "evidence.title")
        date = rd.date(data.get("date"), (*path, "date"), rec, "evidence.date")
        ref = rd.text(data.get("ref"), (*path, "ref"), rec, "evidence.ref")
        if title is None:
            return None
        return Evidence(title=title, date=date, ref=ref, loc=rd.brief(path))

    def test(self, rd: _Reader, value: Any, path: DataPath, rec: str) -> Test | None:
        data = rd.fields(value, path, rec, "tests", _TEST_FIELDS, ("date", "result"))
        if data is None:
            return None
        date = rd.date(data.get("date"), (*path, "date"), rec, "tests.date")
        result = rd.vocab(TestResult, data.get("result"), (*path, "result"), rec, "tests.result")
        by = rd.ident(data.get("by"), (*path, "by"), rec, "tests.by")
        self.refs.want("owner", by, rd, (*path, "by"), rec, "tests.by")
        note = rd.text(data.get("note"), (*path, "note"), rec, "tests.note")
        if date is None or result is None:
            return None
        return Test(date=date, result=result, by=by, note=note, loc=rd.brief(path))


# -- the fast path -----------------------------------------------------------------------
# Most records of a large register are well formed. For risks and controls, which make up
# nearly all of it, the loader first tries to build the record directly from its plain
# form: ids and texts as strings, levels and amounts as ints, dates as dates or ISO text,
# tokens as the vocabulary spells them. Anything else raises _Slow and the record is read
# again by the careful readers above, which say precisely what is wrong; both paths give
# equal records (tests/test_loader_fast.py holds it). References and step checks are only
# registered once the whole record has passed, so a record is never counted twice.


class _Slow(Exception):
    """A record the fast path leaves to the careful readers."""


_RISK_KEYS = frozenset(_RISK_FIELDS)
_ASSESSMENT_KEYS = frozenset(_ASSESSMENT_FIELDS)
_ACCEPTANCE_KEYS = frozenset(_ACCEPTANCE_FIELDS)
_CONTROL_KEYS = frozenset(_CONTROL_FIELDS)
_EVIDENCE_KEYS = frozenset(_EVIDENCE_FIELDS)
_TEST_KEYS = frozenset(_TEST_FIELDS)
_Ref = tuple[str, str, DataPath, str]


def _f_text(value: Any) -> str:
    if type(value) is str and value and not value.isspace():
        return value
    raise _Slow


def _f_opt_text(value: Any) -> str | None:
    return None if value is None else _f_text(value)


def _f_id(value: Any) -> str:
    if type(value) is str and _ID.match(value):
        return value
    raise _Slow


def _f_date(value: Any) -> dt.date:
    if type(value) is dt.date:
        return value
    if type(value) is str:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Slow


_TOKENS: dict[type[Vocabulary], dict[str, Vocabulary]] = {}


def _f_vocab(cls: type[_V], value: Any) -> _V:
    if type(value) is str:
        tokens = _TOKENS.get(cls)
        if tokens is None:  # each member as its token is written, read as parse reads it
            tokens = _TOKENS[cls] = {m.token: cls.parse(m.token) for m in cls}
        member = tokens.get(value)
        if member is not None:
            return member  # type: ignore[return-value]
        try:
            return cls.parse(value)
        except ValueError:
            pass
    raise _Slow


def _f_texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _Slow
    return tuple(_f_text(v) for v in value)


class _FastReader:
    """Builds well-formed risks and controls directly; raises :class:`_Slow` otherwise."""

    def __init__(self, build: _Build) -> None:
        crit = build.criteria
        self.build = build
        self.n_likelihood = len(crit.likelihood)
        self.n_impact = len(crit.impact)
        self.areas = [a.key for a in crit.impact_areas]

    def assessment(self, rd: _Reader, value: Any, path: DataPath) -> Assessment | None:
        if value is None:
            return None
        if type(value) is not dict or not _ASSESSMENT_KEYS.issuperset(value):
            raise _Slow
        likelihood, raw = value.get("likelihood"), value.get("impact")
        if type(likelihood) is not int or not 1 <= likelihood <= self.n_likelihood:
            raise _Slow
        areas: tuple[tuple[str, int], ...] = ()
        if type(raw) is int and 1 <= raw <= self.n_impact:
            impact = raw
        elif type(raw) is dict and raw:
            pairs = []
            for area, level in raw.items():
                if area not in self.areas or type(level) is not int:
                    raise _Slow
                if not 1 <= level <= self.n_impact:
                    raise _Slow
                pairs.append((str(area), level))
            areas = tuple(pairs)
            impact = max(level for _, level in pairs)
        else:
            raise _Slow
        return Assessment(
            likelihood=likelihood,
            impact=impact,
            impact_areas=areas,
            rationale=_f_opt_text(value.get("rationale")),
            loc=rd.brief(path),
        )

    def risk(self, rd: _Reader, data: Any, path: DataPath, rec: str) -> Risk:
        if type(data) is not dict or not _RISK_KEYS.issuperset(data):
            raise _Slow
        get = data.get
        ident, service, name = _f_id(get("id")), _f_id(get("service")), _f_text(get("name"))
        step = _f_opt_text(get("step"))
        raw_group = get("group")
        if raw_group is not None and type(raw_group) is not str and type(raw_group) is not list:
            raise _Slow
        groups: list[RiskGroup] = []
        for item in [raw_group] if type(raw_group) is str else raw_group or ():
            group = _f_vocab(RiskGroup, item)
            if group not in groups:
                groups.append(group)
        scheme = get("scheme")
        owner = get("owner")
        treatment = get("treatment")
        refs: list[_Ref] = [("service", service, (*path, "service"), "service")]
        if owner is not None:
            refs.append(("owner", _f_id(owner), (*path, "owner"), "owner"))
        acceptance = self.acceptance(rd, get("acceptance"), (*path, "acceptance"), refs)
        inherent = self.assessment(rd, get("inherent"), (*path, "inherent"))
        if inherent is None:
            raise _Slow
        risk = Risk(
            id=ident,
            service=service,
            name=name,
            inherent=inherent,
            step=step,
            scenario=_f_opt_text(get("scenario")),
            group=tuple(groups),
            scheme=None if scheme is None else _f_vocab(Scheme, scheme),
            causes=_f_texts(get("causes")),
            effects=_f_texts(get("effects")),
            owner=owner,
            residual=self.assessment(rd, get("residual"), (*path, "residual")),
            target=self.assessment(rd, get("target"), (*path, "target")),
            treatment=None if treatment is None else _f_vocab(Treatment, treatment),
            acceptance=acceptance,
            loc=rd.brief(path),
        )
        self.commit(rd, rec, refs)
        if step is not None:
            self.build.step_checks.append((rd, (*path, "step"), rec, service, step))
        return risk

    def acceptance(
        self, rd: _Reader, value: Any, path: DataPath, refs: list[_Ref]
    ) -> Acceptance | None:
        if value is None:
            return None
        if type(value) is not dict or not _ACCEPTANCE_KEYS.issuperset(value):
            raise _Slow
        by = _f_id(value.get("approved_by"))
        refs.append(("owner", by, (*path, "approved_by"), "acceptance.approved_by"))
        return Acceptance(
            approved_by=by,
            date=_f_date(value.get("date")),
            rationale=_f_text(value.get("rationale")),
            loc=rd.brief(path),
        )

    def control(self, rd: _Reader, data: Any, path: DataPath, rec: str) -> Control:
        if type(data) is not dict or not _CONTROL_KEYS.issuperset(data):
            raise _Slow
        get = data.get
        refs: list[_Ref] = []
        owner = get("owner")
        if owner is not None:
            refs.append(("owner", _f_id(owner), (*path, "owner"), "owner"))
        raw = get("mitigates")
        if type(raw) is str:
            items: list[tuple[DataPath, Any]] = [((*path, "mitigates"), raw)]
        elif type(raw) is list and raw:
            items = [((*path, "mitigates", i), v) for i, v in enumerate(raw)]
        else:
            raise _Slow
        mitigates: list[str] = []
        for sub, item in items:
            risk = _f_id(item)
            refs.append(("risk", risk, sub, "mitigates"))
            if risk not in mitigates:
                mitigates.append(risk)
        due = get("due")
        if due is not None:
            if type(due) is not str and type(due) is not dt.date:
                raise _Slow
            try:
                due = Due.parse(due)
            except ValueError:
                raise _Slow from None
        budget = get("budget")
        if budget is not None and (type(budget) is not int or budget < 0):
            raise _Slow
        adequacy = get("adequacy")
        control = Control(
            id=_f_id(get("id")),
            name=_f_text(get("name")),
            description=_f_opt_text(get("description")),
            type=_f_vocab(ControlType, get("type")),
            status=_f_vocab(ControlStatus, get("status")),
            adequacy=Adequacy.UNASSESSED if adequacy is None else _f_vocab(Adequacy, adequacy),
            owner=owner,
            mitigates=tuple(mitigates),
            due=due,
            indicator=_f_opt_text(get("indicator")),
            budget=budget,
            evidence=self.evidence(rd, get("evidence"), (*path, "evidence")),
            tests=self.tests(rd, get("tests"), (*path, "tests"), refs),
            loc=rd.brief(path),
        )
        self.commit(rd, rec, refs)
        return control

    def evidence(self, rd: _Reader, value: Any, path: DataPath) -> tuple[Evidence, ...]:
        if value is None:
            return ()
        if type(value) is not list:
            raise _Slow
        out = []
        for i, item in enumerate(value):
            sub = (*path, i)
            if type(item) is str:
                out.append(Evidence(title=_f_text(item), loc=rd.brief(sub)))
                continue
            if type(item) is not dict or not _EVIDENCE_KEYS.issuperset(item):
                raise _Slow
            date = item.get("date")
            out.append(
                Evidence(
                    title=_f_text(item.get("title")),
                    date=None if date is None else _f_date(date),
                    ref=_f_opt_text(item.get("ref")),
                    loc=rd.brief(sub),
                )
            )
        return tuple(out)

    def tests(self, rd: _Reader, value: Any, path: DataPath, refs: list[_Ref]) -> tuple[Test, ...]:
        if value is None:
            return ()
        if type(value) is not list:
            raise _Slow
        out = []
        for i, item in enumerate(value):
            sub = (*path, i)
            if type(item) is not dict or not _TEST_KEYS.issuperset(item):
                raise _Slow
            by = item.get("by")
            if by is not None:
                refs.append(("owner", _f_id(by), (*sub, "by"), "tests.by"))
            out.append(
                Test(
                    date=_f_date(item.get("date")),
                    result=_f_vocab(TestResult, item.get("result")),
                    by=by,
                    note=_f_opt_text(item.get("note")),
                    loc=rd.brief(sub),
                )
            )
        return tuple(out)

    def commit(self, rd: _Reader, rec: str, refs: list[_Ref]) -> None:
        want = self.build.refs.want
        for kind, ident, path, field in refs:
            want(kind, ident, rd, path, rec, field)


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
    fast = _FastReader(build)
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
    *inputs: str | Path | Mapping[str, Any], max_bytes: int = MAX_FILE_BYTES
) -> Register:
    """Load a register from files, directories or already parsed mappings.

    A register may be split over several files (one per unit, say): exactly one
    of them has the ``register:`` section, and ids are unique across all of them.
    Every file over ``max_bytes`` is refused. All problems of all files are
    reported together in one :class:`LoadError`.
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
    if problems:
        raise LoadError(problems)
    with bulk():
        return _load_documents(documents, release=True)
