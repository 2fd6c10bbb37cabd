"""Writing a register back to the file format: ``load_register(dump_data(r)) == r``.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", likelihood=4, impact=3).build()
    >>> print(dump_register(reg).splitlines()[0])
    zi_risk: 1
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .criteria import PRESET_NAMES, RiskCriteria, criteria_to_data, preset
from .model import (
    FORMAT_VERSION,
    Assessment,
    AuditSettings,
    Control,
    Owner,
    Register,
    Risk,
    Service,
    Unit,
)

__all__ = ["dump_data", "dump_register"]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop fields that hold nothing, so files stay as short as people write them."""
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def _assessment(a: Assessment | None) -> dict[str, Any] | None:
    if a is None:
        return None
    impact: Any = dict(a.impact_areas) if a.impact_areas else a.impact
    return _clean({"likelihood": a.likelihood, "impact": impact, "rationale": a.rationale})


def _unit(u: Unit) -> dict[str, Any]:
    return _clean(
        {"id": u.id, "name": u.name, "kind": u.kind, "head": u.head, "appetite": u.appetite}
    )


def _owner(o: Owner) -> dict[str, Any]:
    return _clean(
        {"id": o.id, "position": o.position, "unit": o.unit, "name": o.name, "nip": o.nip}
    )


def _service(s: Service) -> dict[str, Any]:
    return _clean(
        {
            "id": s.id,
            "unit": s.unit,
            "name": s.name,
            "description": s.description,
            "steps": list(s.steps),
        }
    )


def _risk(r: Risk) -> dict[str, Any]:
    acceptance = None
    if r.acceptance is not None:
        acceptance = {
            "approved_by": r.acceptance.approved_by,
            "date": r.acceptance.date,
            "rationale": r.acceptance.rationale,
        }
    return _clean(
        {
            "id": r.id,
            "service": r.service,
            "step": r.step,
            "name": r.name,
            "scenario": r.scenario,
            "group": [g.token for g in r.group],
            "scheme": r.scheme.token if r.scheme else None,
            "causes": list(r.causes),
            "effects": list(r.effects),
            "owner": r.owner,
            "inherent": _assessment(r.inherent),
            "residual": _assessment(r.residual),
            "target": _assessment(r.target),
            "treatment": r.treatment.token if r.treatment else None,
            "acceptance": acceptance,
        }
    )


def _control(c: Control) -> dict[str, Any]:
    return _clean(
        {
            "id": c.id,
            "name": c.name,
            "description": c.description,
            "type": c.type.token,
            "status": c.status.token,
            "adequacy": c.adequacy.token,
            "owner": c.owner,
            "mitigates": list(c.mitigates),
            "due": str(c.due) if c.due else None,
            "indicator": c.indicator,
            "budget": c.budget,
            "evidence": [
                _clean({"title": e.title, "date": e.date, "ref": e.ref}) for e in c.evidence
            ],
            "tests": [
                _clean({"date": t.date, "result": t.result.token, "by": t.by, "note": t.note})
                for t in c.tests
            ],
        }
    )


def _audit(a: AuditSettings) -> dict[str, Any] | None:
    if a.is_empty:
        return None
    return _clean(
        {"disable": list(a.disable), "severity": dict(a.severity), "thresholds": dict(a.thresholds)}
    )


def _is_preset(criteria: RiskCriteria) -> bool:
    return criteria.name in PRESET_NAMES and preset(criteria.name) == criteria


def dump_data(register: Register) -> dict[str, Any]:
    """The register as plain data in the file format (dates stay ``datetime.date``)."""
    criteria: Any = (
        register.criteria.name
        if _is_preset(register.criteria)
        else criteria_to_data(register.criteria)
    )
    signed = None
    if register.signed is not None:
        signed = {"place": register.signed.place, "date": register.signed.date}
    header = _clean(
        {
            "title": register.title,
            "organisation": register.organisation,
            "year": register.year,
            "quarter": register.quarter,
            "criteria": criteria,
            "appetite": register.appetite,
            "residual_method": register.residual_method,
            "prepared_by": register.prepared_by,
            "approved_by": register.approved_by,
            "signed": signed,
            "audit": _audit(register.audit),
        }
    )
    return _clean(
        {
            "zi_risk": FORMAT_VERSION,
            "register": header,
            "units": [_unit(u) for u in register.units],
            "owners": [_owner(o) for o in register.owners],
            "services": [_service(s) for s in register.services],
            "risks": [_risk(r) for r in register.risks],
            "controls": [_control(c) for c in register.controls],
        }
    )


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode as is, and multi-line text as ``|`` blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip("\r") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.date, _date)


def dump_register(register: Register) -> str:
    """The register as YAML text in the file format, fields in the documented order."""
    return yaml.dump(
        dump_data(register),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
