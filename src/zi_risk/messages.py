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
