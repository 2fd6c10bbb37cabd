"""The audit as text for a terminal and as versioned JSON for other tools.

Both are deterministic: the same audit always gives the same bytes (findings are
already sorted; dictionaries are built in a fixed order; no timestamps). The JSON
format is documented in ``docs/audit.md`` and carries ``"format": "zi-risk-audit/1"``;
a change that removes or renames a field bumps the number.

Examples:
    >>> from zi_risk.coverage import check_coverage
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", likelihood=1, impact=1,
    ...                             residual=(1, 1), owner="kabid",
    ...                             scheme="benturan_kepentingan").build()
    >>> text = format_audit_text(check_coverage(reg)).splitlines()
    >>> text[0], text[-1]
    ('no findings', '0 errors, 0 warnings, 0 info in 1 risks and 0 controls (as of 2023-12-31)')
    >>> print(text[2][:40])
    unit    risks  >=appetite  adequate  pre
    >>> audit_to_json(check_coverage(reg))["format"]
    'zi-risk-audit/1'
"""

from __future__ import annotations

import json
from typing import Any

from . import messages as msg
from .coverage import RULES, Audit, Finding
from .metrics import UnitMetrics

__all__ = ["AUDIT_FORMAT", "audit_to_json", "audit_to_json_text", "format_audit_text"]

AUDIT_FORMAT = "zi-risk-audit/1"
"""The version tag of the JSON audit format (``docs/audit.md``)."""


def _finding_json(f: Finding) -> dict[str, Any]:
    loc = f.location
    return {
        "code": f.code,
        "severity": f.severity,
        "subject": f.subject,
        "message": f.message,
        "file": loc.file,
        "line": loc.line,
        "record_path": loc.cell or loc.path,
        "unit": f.unit,
        "path": [[kind, ident] for kind, ident in f.path],
    }


def _metrics_json(m: UnitMetrics) -> dict[str, Any]:
    return {
        "unit": m.unit,
        "risks": m.risks,
        "at_appetite": m.at_appetite,
        "with_effective_control": m.with_effective_control,
        "share_effective": m.share_effective,
        "with_both_types": m.with_both_types,
        "share_both_types": m.share_both_types,
        "open_controls": m.open_controls,
        "open_on_time": m.open_on_time,
        "share_on_time": m.share_on_time,
        "implemented_controls": m.implemented_controls,
        "fresh_evidence": m.fresh_evidence,
        "share_fresh_evidence": m.share_fresh_evidence,
        "tested": m.tested,
        "share_tested": m.share_tested,
        "findings": {"error": m.errors, "warning": m.warnings, "info": m.infos},
    }


def audit_to_json(audit: Audit) -> dict[str, Any]:
    """The audit as JSON-able data in the ``zi-risk-audit/1`` format (see ``docs/audit.md``)."""
    reg = audit.register
    cfg = audit.config
    return {
        "format": AUDIT_FORMAT,
        "register": {
            "title": reg.title,
            "organisation": reg.organisation,
            "year": reg.year,
            "quarter": reg.quarter,
        },
        "as_of": audit.as_of.isoformat(),
        "config": {
            "disabled": sorted(cfg.disable),
            "severity": dict(cfg.severity),
            "thresholds": cfg.threshold_values,
        },
        "rules": [
            {
                "code": r.code,
                "severity": cfg.severity_of(r.code),
                "enabled": cfg.enabled(r.code),
                "title": r.title,
            }
            for r in RULES
        ],
        "summary": {
            "error": audit.count("error"),
            "warning": audit.count("warning"),
            "info": audit.count("info"),
            "by_code": audit.codes(),
        },
        "findings": [_finding_json(f) for f in audit.findings],
        "metrics": {
            "units": [_metrics_json(m) for m in audit.metrics.units],
            "total": _metrics_json(audit.metrics.total),
        },
    }


def audit_to_json_text(audit: Audit) -> str:
    """:func:`audit_to_json` serialised: two-space indent, UTF-8 text, final newline."""
    return json.dumps(audit_to_json(audit), indent=2, ensure_ascii=False) + "\n"


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def _row(m: UnitMetrics) -> list[str]:
    return [
        m.unit if m.unit is not None else msg.AUDIT_TOTAL,
        str(m.risks),
        str(m.at_appetite),
        _ratio(m.with_effective_control, m.at_appetite),
        _ratio(m.with_both_types, m.at_appetite),
        _ratio(m.open_on_time, m.open_controls),
        _ratio(m.fresh_evidence, m.implemented_controls),
        _ratio(m.tested, m.implemented_controls),
        str(m.errors),
        str(m.warnings),
        str(m.infos),
    ]


def format_audit_text(audit: Audit) -> str:
    """One line per finding (``file:line: CODE severity subject: message``), then a
    per-unit metrics table with a total row, then a one-line summary."""
    lines = [str(f) for f in audit.findings] or [msg.AUDIT_NO_FINDINGS]
    rows = [list(msg.AUDIT_METRICS_HEAD)]
    rows += [_row(m) for m in audit.metrics.units]
    rows.append(_row(audit.metrics.total))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines.append("")
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    lines.append(
        msg.AUDIT_SUMMARY.format(
            errors=audit.count("error"),
            warnings=audit.count("warning"),
            infos=audit.count("info"),
            risks=len(audit.register.risks),
            controls=len(audit.register.controls),
            as_of=audit.as_of.isoformat(),
        )
    )
    return "\n".join(lines)
