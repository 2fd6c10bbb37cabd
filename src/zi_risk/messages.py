"""Every user-facing message of the loader and the command line, in one place.

Documents have their own catalogues (``zi_risk/locale``); these texts are what
a user reads in a terminal. They are plain English for now and kept here so that
they can be translated as a whole.

Examples:
    >>> EXPECTED_LEVEL.format(low=1, high=5)
    'expected a level 1-5'
"""

from __future__ import annotations

__all__: list[str] = []  # constants only; imported by name

# -- loader: structure -------------------------------------------------------------
EXPECTED_MAPPING = "expected a mapping of fields"
EXPECTED_LIST = "expected a list"
EXPECTED_TEXT = "expected text"
EXPECTED_NONEMPTY_TEXT = "expected non-empty text"
EXPECTED_INTEGER = "expected a whole number"
EXPECTED_NON_NEGATIVE = "expected a whole number of 0 or more"
EXPECTED_DATE = "expected a date as YYYY-MM-DD"
EXPECTED_DUE = "expected a date as YYYY-MM-DD or a quarter as YYYY-Qn"
EXPECTED_LEVEL = "expected a level {low}-{high}"
EXPECTED_BESARAN = "expected a besaran {low}-{high}"
EXPECTED_QUARTER = "expected a quarter 1-4"
EXPECTED_YEAR = "expected a year 1900-2999"
EXPECTED_ONE_OF = "expected one of {choices}"
EXPECTED_NIP = "expected an 18-digit NIP"
EXPECTED_ID = "expected an id of letters, digits, '.', '_' or '-'"
EXPECTED_IMPACT = "expected a level {low}-{high} or a mapping of impact areas to levels"
EXPECTED_IMPACT_AREA = "expected an impact area of criteria {criteria} ({choices})"
EXPECTED_AT_LEAST_ONE = "expected at least one item"
MISSING_FIELD = "required field is missing"
UNKNOWN_FIELD = "unknown field"
DID_YOU_MEAN = "did you mean {guess!r}?"

# -- loader: documents -------------------------------------------------------------
EXPECTED_DOCUMENT = "expected a register document (a mapping with 'zi_risk: 1')"
MISSING_VERSION = "expected the format version, e.g. 'zi_risk: 1'"
NEWER_VERSION = (
    "expected format version {newest} or lower, got {got} "
    "(written by a newer zi-risk; upgrade zi-risk to read it)"
)
BAD_VERSION = "expected format version 1-{newest}"
NO_REGISTER = "expected a 'register:' section in one of the files"
SECOND_REGISTER = "expected one 'register:' section, another is at {other}"
NO_INPUT = "expected at least one register file or directory"
NO_FILES_IN_DIR = "expected .yaml, .yml or .json files in this directory"
NOT_FOUND = "expected an existing file or directory"
UNSUPPORTED_SUFFIX = "expected a .yaml, .yml, .json or .xlsx file"

# -- loader: references ------------------------------------------------------------
DUPLICATE_ID = "expected a unique id, {id!r} is also defined at {other}"
UNKNOWN_REF = "expected the id of a defined {kind}"
STEP_NOT_IN_SERVICE = "expected one of the steps of service {service!r} ({steps})"
UNKNOWN_RESIDUAL_METHOD = "expected a residual method: {choices}"

# -- command line ------------------------------------------------------------------
CLI_ERROR = "Error: {message}"
CLI_VALID = "ok: {units} units, {services} services, {risks} risks, {controls} controls"
CLI_INTERRUPTED = "interrupted"
CLI_WROTE = "wrote {path}"
CLI_PROGRESS_LOADING = "reading register files"
CLI_PROGRESS_RENDERING = "rendering documents"

# -- audit: rule titles (zi_risk.coverage; docs/audit.md has the same table) ---------
RULE_TITLES: dict[str, str] = {
    "ZI101": "risk without owner",
    "ZI102": "risk at/above appetite with no control at all",
    "ZI103": "risk at/above appetite with neither an implemented adequate control "
    "nor a planned control with a due date",
    "ZI104": "risk at/above appetite without a preventive control",
    "ZI105": "risk at/above appetite without a detective control",
    "ZI106": "risk with inherent but no residual assessment",
    "ZI107": "residual above inherent",
    "ZI108": "residual below inherent while no implemented control mitigates the risk",
    "ZI109": "treatment accept at/above appetite without an acceptance",
    "ZI201": "control without owner",
    "ZI202": "planned or in-progress control without a due date",
    "ZI203": "planned or in-progress control past its due date",
    "ZI204": "implemented control without evidence",
    "ZI205": "newest evidence too old",
    "ZI206": "implemented control untested, test too old, or last test not effective",
    "ZI207": "detective control operated by the owner of a risk it mitigates (self-review)",
    "ZI301": "service with no fraud risk identified",
    "ZI302": "one control is the only implemented adequate control of several risks at/above "
    "appetite",
    "ZI303": "unit with no conflict-of-interest risk mapped",
    "ZI304": "owner operating too many controls",
}

# -- audit: finding messages ---------------------------------------------------------
AUDIT_AT_APPETITE = "risk at or above appetite ({basis} besaran {besaran} >= {appetite})"
AUDIT_NO_OWNER = "risk has no owner"
AUDIT_NO_CONTROL = "{risk} has no control"
AUDIT_NO_COVER = (
    "{risk} has neither an implemented adequate control nor a planned control with a due date"
)
AUDIT_NO_PREVENTIVE = "{risk} has no preventive control"
AUDIT_NO_DETECTIVE = "{risk} has no detective control"
AUDIT_NO_RESIDUAL = "risk has an inherent but no residual assessment"
AUDIT_RESIDUAL_ABOVE = "residual besaran {residual} is above inherent besaran {inherent}"
AUDIT_RESIDUAL_UNEARNED = (
    "residual besaran {residual} is below inherent besaran {inherent}, "
    "but no implemented control mitigates the risk"
)
AUDIT_NO_ACCEPTANCE = "{risk} is accepted without a recorded acceptance (approver, date, rationale)"
AUDIT_CONTROL_NO_OWNER = "{status} control has no owner"
AUDIT_NO_DUE = "{status} control has no due date"
AUDIT_OVERDUE = "{status} control due {due} is overdue (as of {as_of})"
AUDIT_NO_EVIDENCE = "implemented control has no evidence"
AUDIT_EVIDENCE_OLD = (
    "newest evidence is dated {date}, {days} days before {as_of} (limit {limit} days)"
)
AUDIT_EVIDENCE_UNDATED = "no evidence is dated on or before {as_of}, so its age is unknown"
AUDIT_NEVER_TESTED = "implemented control has not been tested (as of {as_of})"
AUDIT_TEST_RESULT = "last test on {date} was {result}"
AUDIT_TEST_OLD = "last test on {date} is {days} days before {as_of} (limit {limit} days)"
AUDIT_SELF_REVIEW = "detective control is operated by {owner}, who owns the risk it checks: {risks}"
AUDIT_NO_RISK = "service has no fraud risk identified"
AUDIT_SINGLE_POINT = (
    "control is the only implemented adequate control of {count} risks at or above appetite: "
    "{risks}"
)
AUDIT_NO_COI = (
    "unit has no conflict-of-interest risk mapped "
    "(scheme benturan_kepentingan or group procurement_conflict)"
)
AUDIT_OWNER_LOAD = "owner operates {count} controls, more than {limit}"

# -- audit: configuration ------------------------------------------------------------
AUDIT_UNKNOWN_CODE = "expected a rule code ZI101-ZI304"
AUDIT_UNKNOWN_THRESHOLD = "expected a threshold name: {choices}"
AUDIT_BAD_CODE = "unknown rule code {code!r}{hint}; codes: {codes}"
AUDIT_BAD_SEVERITY_PAIR = "expected CODE=LEVEL with LEVEL one of error, warning, info, got {got!r}"
AUDIT_BAD_LEVEL = "unknown severity {level!r} for {code}; expected error, warning or info"
AUDIT_BAD_THRESHOLD = "unknown threshold {name!r}; thresholds: {choices}"
AUDIT_BAD_AS_OF = "--as-of: expected a date as YYYY-MM-DD, got {got!r}"

# -- audit: text report ----------------------------------------------------------------
AUDIT_NO_FINDINGS = "no findings"
AUDIT_SUMMARY = (
    "{errors} errors, {warnings} warnings, {infos} info in {risks} risks and {controls} controls "
    "(as of {as_of})"
)
AUDIT_METRICS_HEAD = (
    "unit",
    "risks",
    ">=appetite",
    "adequate",
    "prev+det",
    "planned on time",
    "fresh evidence",
    "tested",
    "errors",
    "warnings",
    "info",
)
AUDIT_TOTAL = "total"

# -- spreadsheets (xlsx, csv) ------------------------------------------------------
XLSX_BAD_LANG = "expected a language 'id' or 'en', got {lang!r}"
XLSX_TEXT_TOO_LONG = (
    "{where}: a text of {size:,} characters does not fit in a spreadsheet cell "
    "(at most {most:,}); shorten it or keep the register in YAML"
)
XLSX_TOO_BIG = "expected a workbook of at most {most:,} bytes, got {size:,} bytes"
XLSX_TOO_BIG_UNPACKED = (
    "expected a workbook that unpacks to at most {most:,} bytes, got {size:,} bytes"
)
XLSX_TOO_MANY_ROWS = "expected at most {most:,} filled rows on a sheet"
XLSX_TOO_MANY_COLUMNS = "expected at most {most:,} columns on a sheet, got {got:,}"
XLSX_NOT_XLSX = "expected an .xlsx workbook (a zip file): {reason}"
XLSX_UNREADABLE = "expected a readable .xlsx workbook: {reason}"
XLSX_NO_SHEETS = "expected at least one register sheet ({names})"
XLSX_NO_HEADER = "expected a header row with the column labels, e.g. {label!r}"
XLSX_MISSING_COLUMN = "expected a column {label!r} in the header row"
XLSX_UNKNOWN_COLUMN = "expected a known column label"
XLSX_DUPLICATE_COLUMN = "expected each column once, {label!r} is also at {other}"
XLSX_UNKNOWN_FIELD = "expected a known field label in column A"
XLSX_MISSING_KEY = "expected a {kind} id in column {label!r}"
XLSX_DUPLICATE_ROW = "expected one row per {kind}, {id!r} is also at {other}"
XLSX_UNKNOWN_RISK = "expected the id of a risk on sheet {sheet!r}"
XLSX_UNKNOWN_CONTROL = "expected the id of a control on sheet {sheet!r}"
XLSX_FORMULA = (
    "expected a value, got a formula without a saved result (type the value, or open and "
    "save the workbook in a spreadsheet program)"
)
XLSX_AREA_LINE = "expected 'area: level' on each line"
XLSX_WORST_AREA = "expected the worst impact area's level {worst} (or an empty cell)"
XLSX_NIP_NUMBER = "expected the NIP as text (a number cell keeps only 15 digits)"
XLSX_BAD_YAML = "expected valid YAML: {reason}"
CLI_BAD_UNIT = "--unit expects an id and a name, e.g. --unit dukcapil 'Dinas Kependudukan'"
CLI_NOTHING_TO_EXPORT = "expected --xlsx FILE and/or --csv FILE"

# -- render: documents (zi_risk.rendering, zi_risk.documents, zi-risk render) -----------
RENDER_BAD_KIND = "unknown document kind {kind!r}; kinds: {choices}"
RENDER_BAD_FORMAT = "document kind {kind!r} has no format {fmt!r}; formats: {choices}"
RENDER_BAD_LANG = "unknown language {lang!r}; languages: {choices}"
RENDER_BAD_UNIT = "no unit {unit!r} in the register; units: {choices}"
RENDER_NO_TEMPLATES_DIR = "--templates: expected a directory of templates, got {path!r}"
RENDER_SYNTAX = "template syntax error: {message}"
RENDER_NOT_FOUND = "no template {name!r} in {dirs}"
RENDER_UNSAFE = "template is not allowed to do that (sandbox): {message}"
RENDER_UNDEFINED = "template uses an undefined value: {message}"
RENDER_FAILED = "template failed: {error}"
RENDER_PDF_FAILED = "could not print the PDF: {error}"
RENDER_NO_FETCH = "documents are self-contained; refusing to fetch {url!r}"
RENDER_BAD_CHOICE = "{option}: unknown value {value!r}; choose from {choices}"
RENDER_DONE = "{count} documents in {folder}"
