"""zi-risk: fraud-risk mitigation registers for Indonesian public administration.

Load a register, then score, audit and render it::

    import zi_risk
    register = zi_risk.load_register("examples/probolinggo-2023")
"""

from importlib.metadata import PackageNotFoundError, version

from .dump import dump_register
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
from .loader import load_register
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
from .schema import json_schema
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
)

try:
    __version__ = version("zi-risk")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Acceptance",
    "Adequacy",
    "Assessment",
    "AuditSettings",
    "Control",
    "ControlStatus",
    "ControlType",
    "CriteriaError",
    "Due",
    "Evidence",
    "LoadError",
    "Location",
    "OutputError",
    "Owner",
    "Problem",
    "Register",
    "RenderError",
    "Risk",
    "RiskGroup",
    "Scheme",
    "Service",
    "Signature",
    "Test",
    "TestResult",
    "Treatment",
    "Unit",
    "UsageError",
    "ZiRiskError",
    "__version__",
    "dump_register",
    "json_schema",
    "load_register",
]
