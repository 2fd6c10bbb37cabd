"""A JSON Schema (draft 2020-12) of the register file format, for editors and other tools.

The schema checks shape and vocabulary; references between records and the
scale of each score depend on the whole register and its criteria, so only
``zi-risk validate`` checks those.

Examples:
    >>> schema = json_schema()
    >>> schema["properties"]["zi_risk"]["maximum"]
    1
    >>> "likelihood" in schema["$defs"]["assessment"]["properties"]
    True
"""

from __future__ import annotations

from typing import Any

from .model import FORMAT_VERSION
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

__all__ = ["json_schema"]

_ID = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "format": "date"}
_TEXTS = {"type": "array", "items": _TEXT}


def _enum(cls: type[Vocabulary], doc: str) -> dict[str, Any]:
    # tokens are the canonical spelling; Indonesian labels are accepted too
    spellings = sorted({*cls.tokens(), *(m.label("id") for m in cls)})
    return {"description": doc, "type": "string", "enum": spellings}


def _record(props: dict[str, Any], required: list[str], doc: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": doc,
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a register file (any of the split files of a register)."""
    level = {"type": "integer", "minimum": 1}
    assessment = _record(
        {
            "likelihood": {
                **level,
                "description": "likelihood level (kemungkinan), 1-5 by default",
            },
            "impact": {
                "description": "impact level (dampak), or impact levels per impact area",
                "oneOf": [
                    level,
                    {"type": "object", "additionalProperties": level, "minProperties": 1},
                ],
            },
            "rationale": _TEXT,
        },
        ["likelihood", "impact"],
        "a likelihood and impact assessment",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://zi-risk.invalid/schema/register-1.json",
        "title": "zi-risk register file",
        "type": "object",
        "required": ["zi_risk"],
        "additionalProperties": False,
        "properties": {
            "zi_risk": {
                "type": "integer",
                "minimum": 1,
                "maximum": FORMAT_VERSION,
                "description": "format version",
            },
            "register": {"$ref": "#/$defs/register"},
            "units": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
            "owners": {"type": "array", "items": {"$ref": "#/$defs/owner"}},
            "services": {"type": "array", "items": {"$ref": "#/$defs/service"}},
            "risks": {"type": "array", "items": {"$ref": "#/$defs/risk"}},
            "controls": {"type": "array", "items": {"$ref": "#/$defs/control"}},
        },
        "$defs": {
            "assessment": assessment,
            "register": _record(
                {
                    "title": _TEXT,
                    "organisation": _TEXT,
                    "year": {"type": "integer", "minimum": 1900, "maximum": 2999},
                    "quarter": {"type": "integer", "minimum": 1, "maximum": 4},
                    "criteria": {
                        "description": "a preset name, a criteria file path, or inline criteria",
                        "oneOf": [_TEXT, {"type": "object"}],
                    },
                    "appetite": {
                        **level,
                        "description": "besaran at or above which a risk needs "
                        "treatment (selera risiko)",
                    },
                    "residual_method": _TEXT,
                    "prepared_by": _ID,
                    "approved_by": _ID,
                    "signed": _record(
                        {"place": _TEXT, "date": _DATE},
                        ["place", "date"],
                        "signature place and date",
                    ),
                    "audit": _record(
                        {
                            "disable": {"type": "array", "items": {"type": "string"}},
                            "severity": {
                                "type": "object",
                                "additionalProperties": {"enum": ["error", "warning", "info"]},
                            },
                            "thresholds": {
                                "type": "object",
                                "additionalProperties": {"type": "integer", "minimum": 0},
                            },
                        },
                        [],
                        "audit configuration",
                    ),
                },
                ["title", "organisation", "year"],
                "the register header (one file only)",
            ),
            "unit": _record(
                {"id": _ID, "name": _TEXT, "kind": _TEXT, "head": _ID, "appetite": level},
                ["id", "name"],
                "a unit (perangkat daerah)",
            ),
            "owner": _record(
                {
                    "id": _ID,
                    "position": _TEXT,
                    "unit": _ID,
                    "name": _TEXT,
                    "nip": {"type": ["string", "integer"]},
                },
                ["id", "position"],
                "a position owning risks or controls",
            ),
            "service": _record(
                {"id": _ID, "unit": _ID, "name": _TEXT, "description": _TEXT, "steps": _TEXTS},
                ["id", "unit", "name"],
                "a service (layanan)",
            ),
            "risk": _record(
                {
                    "id": _ID,
                    "service": _ID,
                    "step": _TEXT,
                    "name": _TEXT,
                    "scenario": _TEXT,
                    "group": {
                        "oneOf": [
                            _enum(RiskGroup, "KPK group"),
                            {"type": "array", "items": _enum(RiskGroup, "KPK group")},
                        ]
                    },
                    "scheme": _enum(Scheme, "fraud scheme"),
                    "causes": _TEXTS,
                    "effects": _TEXTS,
                    "owner": _ID,
                    "inherent": {"$ref": "#/$defs/assessment"},
                    "residual": {"$ref": "#/$defs/assessment"},
                    "target": {"$ref": "#/$defs/assessment"},
                    "treatment": _enum(Treatment, "treatment option"),
                    "acceptance": _record(
                        {"approved_by": _ID, "date": _DATE, "rationale": _TEXT},
                        ["approved_by", "date", "rationale"],
                        "risk acceptance",
                    ),
                },
                ["id", "service", "name", "inherent"],
                "a fraud risk",
            ),
            "control": _record(
                {
                    "id": _ID,
                    "name": _TEXT,
                    "description": _TEXT,
                    "type": _enum(ControlType, "control type"),
                    "status": _enum(ControlStatus, "control status"),
                    "adequacy": _enum(Adequacy, "adequacy (memadai)"),
                    "owner": _ID,
                    "mitigates": {"oneOf": [_ID, {"type": "array", "items": _ID, "minItems": 1}]},
                    "due": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{4}-[Qq][1-4])$"},
                    "indicator": _TEXT,
                    "budget": {"type": "integer", "minimum": 0},
                    "evidence": {
                        "type": "array",
                        "items": {
                            "oneOf": [
                                _TEXT,
                                _record(
                                    {"title": _TEXT, "date": _DATE, "ref": _TEXT},
                                    ["title"],
                                    "evidence",
                                ),
                            ]
                        },
                    },
                    "tests": {
                        "type": "array",
                        "items": _record(
                            {
                                "date": _DATE,
                                "result": _enum(TestResult, "test result"),
                                "by": _ID,
                                "note": _TEXT,
                            },
                            ["date", "result"],
                            "a control test",
                        ),
                    },
                },
                ["id", "name", "type", "status", "mitigates"],
                "a control (pengendalian)",
            ),
        },
    }
