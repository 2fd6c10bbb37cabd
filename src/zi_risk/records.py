"""Building the register's records from their parsed form, one careful field at a time."""

from __future__ import annotations

from typing import Any

from . import messages as msg
from .criteria import RiskCriteria, default_criteria, resolve_criteria
from .errors import CriteriaError, Problem
from .model import (
    Acceptance,
    Assessment,
    AuditSettings,
    Control,
    Evidence,
    Owner,
    Risk,
    Service,
    Signature,
    Test,
    Unit,
)
from .reading import _NIP, _guess, _Reader
from .source import DataPath
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)

__all__: list[str] = []

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
