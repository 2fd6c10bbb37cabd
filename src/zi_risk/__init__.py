"""zi-risk: fraud-risk mitigation registers for Indonesian public administration.

Load a register, then score, audit and render it:

Examples:
    >>> import zi_risk
    >>> register = zi_risk.load_register("examples/probolinggo-2023")
    >>> ranked = zi_risk.rank_risks(register)
    >>> audit = zi_risk.check_coverage(register)
    >>> html = zi_risk.render(register, kind="rtp", fmt="html", lang="id")

The document and spreadsheet writers (``render``, ``render_documents``,
``to_xlsx``, ``blank_workbook``, ``to_csv``) are imported on first use, so that
``import zi_risk`` stays quick for tools that only load and check registers.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .coverage import Audit, AuditConfig, Finding, Rule, check_coverage
from .criteria import (
    PRESET_NAMES,
    Band,
    ImpactArea,
    RiskCriteria,
    ScaleLevel,
    criteria_from_data,
    criteria_to_data,
    default_criteria,
    load_criteria,
    preset,
)
from .dump import dump_data, dump_register
from .errors import (
    CriteriaError,
    LoadError,
    Location,
    OutputError,
    Problem,
    RenderError,
    UsageError,
    ZiRiskError,
)
from .graph import (
    build_graph,
    controls_of,
    failure_impact,
    owner_workload,
    risks_of,
    services_protected_by,
    sod_conflicts,
)
from .loader import load_register
from .metrics import Metrics, UnitMetrics, compute_metrics, coverage_matrix
from .model import (
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
from .residual import RESIDUAL_METHODS, Derivation, derive_residual
from .schema import json_schema
from .scoring import RiskScore, Score, rank_risks, score, score_register
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)

if TYPE_CHECKING:
    from .csv_export import to_csv
    from .rendering import render, render_documents
    from .xlsx import blank_workbook, to_xlsx

_LAZY = {
    "blank_workbook": "xlsx",
    "render": "rendering",
    "render_documents": "rendering",
    "to_csv": "csv_export",
    "to_xlsx": "xlsx",
}


def __getattr__(name: str) -> Any:
    """Import the heavy writers (Jinja, Babel, openpyxl) only when they are first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zi_risk' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


try:
    __version__ = version("zi-risk")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "PRESET_NAMES",
    "RESIDUAL_METHODS",
    "Acceptance",
    "Adequacy",
    "Assessment",
    "Audit",
    "AuditConfig",
    "AuditSettings",
    "Band",
    "Control",
    "ControlStatus",
    "ControlType",
    "CriteriaError",
    "Derivation",
    "Due",
    "Evidence",
    "Finding",
    "ImpactArea",
    "LoadError",
    "Location",
    "Metrics",
    "OutputError",
    "Owner",
    "Problem",
    "Register",
    "RenderError",
    "Risk",
    "RiskCriteria",
    "RiskGroup",
    "RiskScore",
    "Rule",
    "ScaleLevel",
    "Scheme",
    "Score",
    "Service",
    "Signature",
    "Test",
    "TestResult",
    "Treatment",
    "Unit",
    "UnitMetrics",
    "UsageError",
    "ZiRiskError",
    "__version__",
    "blank_workbook",
    "build_graph",
    "check_coverage",
    "compute_metrics",
    "controls_of",
    "coverage_matrix",
    "criteria_from_data",
    "criteria_to_data",
    "default_criteria",
    "derive_residual",
    "dump_data",
    "dump_register",
    "failure_impact",
    "json_schema",
    "load_criteria",
    "load_register",
    "owner_workload",
    "preset",
    "rank_risks",
    "render",
    "render_documents",
    "risks_of",
    "score",
    "score_register",
    "services_protected_by",
    "sod_conflicts",
    "to_csv",
    "to_xlsx",
]
