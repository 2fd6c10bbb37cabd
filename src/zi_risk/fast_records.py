"""The fast path of the loader: well-formed risks and controls built directly.

Most records of a large register are well formed. For risks and controls, which make up
nearly all of it, the loader first tries to build the record directly from its plain
form; anything unusual is left to the careful readers of :mod:`zi_risk.records`, which
say precisely what is wrong. Both paths give equal records (``tests/test_loader_fast.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import Any

from .model import (
    Acceptance,
    Assessment,
    Control,
    Due,
    Evidence,
    Risk,
    Service,
    Test,
)
from .reading import _ID, _V, _Reader
from .records import (
    _ACCEPTANCE_FIELDS,
    _ASSESSMENT_FIELDS,
    _CONTROL_FIELDS,
    _EVIDENCE_FIELDS,
    _RISK_FIELDS,
    _TEST_FIELDS,
    _Build,
)
from .source import DataPath
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

__all__: list[str] = []

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

    def __init__(self, build: _Build, seen: Container[tuple[str, str]] = ()) -> None:
        """``seen`` holds the (kind, id) of every record read so far, as the loader goes.

        A reference to a record already seen is settled at once; only the others wait
        for the end of the load, so that a large register does not keep millions of
        pending references (and step checks) in memory.
        """
        crit = build.criteria
        self.build = build
        self.seen = seen
        self.services: dict[str, Service] = {}
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
            svc = self.services.get(service)
            if svc is None or (step not in svc.steps and service not in self.build.unknown_steps):
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
        want, seen = self.build.refs.want, self.seen
        for kind, ident, path, field in refs:
            if (kind, ident) not in seen:
                want(kind, ident, rd, path, rec, field)
