"""The layout of the register workbook: its sheets, their columns, and how cells hold values.

Both directions share this module: :mod:`zi_risk.xlsx_write` lays a register out
with it and :mod:`zi_risk.xlsx_read` finds sheets and columns by the labels it
defines, in Indonesian or English. A column is an *input* (read back on import)
or *derived* (computed for people, such as *besaran* and *level*, and never
trusted on import).

Cells that hold a list write one item per line behind a bullet (``"• "``); an
item's further lines are indented by two spaces, so any text survives the trip.

Examples:
    >>> text = join_items(["Blangko terbatas", "Antrean\\ntertutup"])
    >>> print(text)
    • Blangko terbatas
    • Antrean
      tertutup
    >>> split_items(text)
    ['Blangko terbatas', 'Antrean\\ntertutup']
    >>> split_items("Blangko terbatas\\n  Antrean tertutup ")
    ['Blangko terbatas', 'Antrean tertutup']
    >>> is_formula_like('=HYPERLINK("http://x","klik")'), is_formula_like("Pungli")
    (True, False)
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "BULLET",
    "DATA_ROW",
    "FORMULA_STARTS",
    "HEADER_ROW",
    "SHEETS",
    "Column",
    "SheetSpec",
    "is_formula_like",
    "join_items",
    "normalise_label",
    "ooxml_escape",
    "ooxml_unescape",
    "sheet",
    "split_items",
    "split_multi",
]

BULLET = "• "
"""The bullet that starts each item of a list cell."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text a spreadsheet could take for a formula when it starts with one of these (OWASP)."""

TITLE_ROW = 1
BAND_ROW = 2
HEADER_ROW = 3
DATA_ROW = 4
"""Rows of a table sheet: title, header bands, column labels, then the records."""

# column kinds: how a cell holds a value
TEXT = "text"  # free text
ID = "id"  # an id (of this record or a reference)
INT = "int"  # a whole number
DATE = "date"  # a date
DUE = "due"  # a date or YYYY-Qn
ITEMS = "items"  # a list of texts, one bullet per item
MULTI = "multi"  # a list of ids or labels, one per line (or separated by ; or ,)
VOCAB = "vocab"  # a label of a closed vocabulary
AREAS = "areas"  # impact per area, "keuangan: 3" per line
NIP = "nip"  # an 18-digit NIP, kept as text
NUMBER = "number"  # the row number (derived)
SHOWN = "shown"  # derived text shown for people
BESARAN = "besaran"  # derived: a live formula
LEVEL = "level"  # derived: a live formula


@attrs.frozen
class Column:
    """One column of a table sheet.

    ``key`` names the field it holds (``"inherent.likelihood"``); ``choices``
    names the drop-down list its cells offer; ``band`` is the header band above it.
    """

    key: str
    label_id: str
    label_en: str
    kind: str = TEXT
    width: int = 14
    required: bool = False
    choices: str | None = None
    band: str | None = None

    @property
    def is_input(self) -> bool:
        """Whether import reads this column (derived columns are only shown)."""
        return self.kind not in (NUMBER, SHOWN, BESARAN, LEVEL)

    def label(self, lang: str) -> str:
        """The header label in ``lang``."""
        return self.label_en if lang == "en" else self.label_id


@attrs.frozen
class SheetSpec:
    """A sheet: its names, its title and, for table sheets, its columns and header bands."""

    key: str
    name_id: str
    name_en: str
    title_id: str
    title_en: str
    columns: tuple[Column, ...] = ()
    bands: tuple[tuple[str, str, str], ...] = ()

    def name(self, lang: str) -> str:
        """The sheet name in ``lang``."""
        return self.name_en if lang == "en" else self.name_id

    def title(self, lang: str) -> str:
        """The title printed in the sheet's first row."""
        return self.title_en if lang == "en" else self.title_id

    def column(self, key: str) -> Column:
        """The column holding ``key``."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def band_label(self, key: str, lang: str) -> str:
        """The label of header band ``key``."""
        for k, label_id, label_en in self.bands:
            if k == key:
                return label_en if lang == "en" else label_id
        raise KeyError(key)


_NO = Column("no", "No", "No", NUMBER, 5)


def _assessment(prefix: str, id_word: str, en_word: str) -> tuple[Column, ...]:
    return (
        Column(
            f"{prefix}.likelihood",
            f"Kemungkinan {id_word}",
            f"{en_word} likelihood",
            INT,
            12,
            choices="likelihood",
            band=prefix,
        ),
        Column(
            f"{prefix}.impact",
            f"Dampak {id_word}",
            f"{en_word} impact",
            INT,
            10,
            choices="impact",
            band=prefix,
        ),
        Column(
            f"{prefix}.areas",
            f"Dampak per Area {id_word}",
            f"{en_word} impact per area",
            AREAS,
            16,
            band=prefix,
        ),
        Column(
            f"{prefix}.besaran",
            f"Besaran {id_word}",
            f"{en_word} besaran",
            BESARAN,
            10,
            band=prefix,
        ),
        Column(f"{prefix}.level", f"Level {id_word}", f"{en_word} level", LEVEL, 13, band=prefix),
        Column(
            f"{prefix}.rationale",
            f"Alasan {id_word}",
            f"{en_word} rationale",
            TEXT,
            30,
            band=prefix,
        ),
    )


REGISTER = SheetSpec(
    "register",
    "Identitas",
    "Register details",
    "IDENTITAS REGISTER RISIKO FRAUD",
    "FRAUD RISK REGISTER DETAILS",
    (
        Column("title", "Judul", "Title", TEXT, required=True),
        Column("organisation", "Organisasi", "Organisation", TEXT, required=True),
        Column("year", "Tahun", "Year", INT, required=True),
        Column("quarter", "Triwulan", "Quarter", INT, choices="quarter"),
        Column("criteria", "Kriteria Risiko", "Risk criteria", TEXT, choices="criteria"),
        Column("appetite", "Selera Risiko (besaran)", "Risk appetite (besaran)", INT),
        Column(
            "residual_method",
            "Metode Residu Turunan",
            "Derived residual method",
            TEXT,
            choices="method",
        ),
        Column(
            "prepared_by",
            "Disusun oleh (kode pemilik)",
            "Prepared by (owner id)",
            ID,
            choices="owners",
        ),
        Column(
            "approved_by",
            "Disetujui oleh (kode pemilik)",
            "Approved by (owner id)",
            ID,
            choices="owners",
        ),
        Column("signed.place", "Tempat Penandatanganan", "Place of signature", TEXT),
        Column("signed.date", "Tanggal Penandatanganan", "Date of signature", DATE),
        Column("audit", "Pengaturan Audit (YAML)", "Audit settings (YAML)", TEXT),
    ),
)
"""The register's own fields: one row per field, label in column A, value in column B."""

CRITERIA = SheetSpec("criteria", "Kriteria", "Criteria", "KRITERIA RISIKO", "RISK CRITERIA")
INSTRUCTIONS = SheetSpec(
    "instructions", "Petunjuk", "Instructions", "PETUNJUK PENGISIAN", "HOW TO FILL IN"
)
MAP = SheetSpec("map", "Peta Risiko", "Risk map", "PETA RISIKO", "RISK MAP")
CRITERIA_DATA = SheetSpec(
    "criteria_data",
    "Data Kriteria",
    "Criteria data",
    "DATA KRITERIA (YAML, SATU BARIS PER SEL)",
    "CRITERIA DATA (YAML, ONE LINE PER CELL)",
)
LISTS = SheetSpec("lists", "Daftar", "Lists", "DAFTAR PILIHAN", "CHOICE LISTS")

IDENTIFICATION = SheetSpec(
    "identification",
    "Identifikasi Risiko",
    "Risk identification",
    "IDENTIFIKASI RISIKO",
    "RISK IDENTIFICATION",
    (
        _NO,
        Column("id", "Kode Risiko", "Risk id", ID, 13, required=True, choices=None),
        Column("service", "Kode Layanan", "Service id", ID, 14, required=True, choices="services"),
        Column("step", "Tahapan Proses", "Process step", TEXT, 18),
        Column("name", "Nama Risiko", "Risk name", TEXT, 32, required=True),
        Column("scenario", "Skenario Risiko", "Risk scenario", TEXT, 45),
        Column("causes", "Uraian Penyebab", "Causes", ITEMS, 35),
        Column("effects", "Uraian Dampak", "Effects", ITEMS, 30),
        Column("group", "Kelompok Risiko", "Risk group", MULTI, 22, choices="group"),
        Column("scheme", "Modus (Skema)", "Scheme", VOCAB, 18, choices="scheme"),
        Column("owner", "Pemilik Risiko (kode)", "Risk owner (id)", ID, 18, choices="owners"),
    ),
)

ANALYSIS = SheetSpec(
    "analysis",
    "Analisis Risiko",
    "Risk analysis",
    "ANALISIS RISIKO",
    "RISK ANALYSIS",
    (
        _NO,
        Column("id", "Kode Risiko", "Risk id", ID, 13, required=True, choices="risks"),
        Column("name", "Nama Risiko", "Risk name", SHOWN, 32),
        *_assessment("inherent", "Inheren", "Inherent"),
        Column(
            "existing.present", "Ada / Belum Ada", "Present / absent", SHOWN, 11, band="existing"
        ),
        Column("existing.names", "Uraian Pengendalian", "Controls", SHOWN, 35, band="existing"),
        Column(
            "existing.adequacy",
            "Memadai / Belum Memadai",
            "Adequate / inadequate",
            SHOWN,
            14,
            band="existing",
        ),
        *_assessment("residual", "Residu", "Residual"),
    ),
    (
        ("inherent", "Risiko Inheren (Melekat)", "Inherent risk"),
        ("existing", "Pengendalian Terpasang", "Existing controls"),
        ("residual", "Risiko Residu setelah Pengendalian", "Residual risk after controls"),
    ),
)

ACTION_PLAN = SheetSpec(
    "action_plan",
    "RTP",
    "Action plan",
    "RENCANA TINDAK PENGENDALIAN (RTP)",
    "CONTROL ACTION PLAN",
    (
        _NO,
        Column("id", "Kode Risiko", "Risk id", ID, 13, required=True, choices="risks"),
        Column("name", "Nama Risiko", "Risk name", SHOWN, 30),
        Column("causes", "Pernyataan Penyebab", "Causes", SHOWN, 30),
        Column("treatment", "Opsi Penanganan", "Treatment", VOCAB, 14, choices="treatment"),
        Column("plan", "Rencana Pengendalian", "Planned controls", SHOWN, 35),
        Column("schedule", "Jadwal Pelaksanaan", "Schedule", SHOWN, 14),
        Column("responsible", "Penanggung Jawab", "Responsible", SHOWN, 22),
        *_assessment("target", "Target", "Target"),
        Column(
            "acceptance.approved_by",
            "Penerimaan Disetujui oleh (kode)",
            "Acceptance approved by (id)",
            ID,
            16,
            choices="owners",
            band="acceptance",
        ),
        Column(
            "acceptance.date", "Tanggal Penerimaan", "Acceptance date", DATE, 13, band="acceptance"
        ),
        Column(
            "acceptance.rationale",
            "Alasan Penerimaan",
            "Acceptance rationale",
            TEXT,
            30,
            band="acceptance",
        ),
    ),
    (
        ("target", "Risiko Residu Harapan", "Target residual risk"),
        ("acceptance", "Penerimaan Risiko", "Risk acceptance"),
    ),
)

REGISTER_TABLE = SheetSpec(
    "register_table",
    "Register Risiko",
    "Risk register",
    "REGISTER RISIKO FRAUD",
    "FRAUD RISK REGISTER",
    (
        _NO,
        Column("id", "Kode Risiko", "Risk id", SHOWN, 13),
        Column("unit", "Unit Kerja", "Unit", SHOWN, 20),
        Column("service", "Layanan", "Service", SHOWN, 20),
        Column("step", "Tahapan Proses", "Process step", SHOWN, 16),
        Column("name", "Nama Risiko", "Risk name", SHOWN, 30),
        Column("scenario", "Skenario Risiko", "Risk scenario", SHOWN, 40),
        Column("causes", "Penyebab Risiko", "Causes", SHOWN, 30),
        Column("existing", "Pengendalian Terpasang", "Existing controls", SHOWN, 30),
        Column("likelihood", "Kemungkinan", "Likelihood", SHOWN, 11, band="score"),
        Column("impact", "Dampak", "Impact", SHOWN, 9, band="score"),
        Column("besaran", "Besaran", "Besaran", SHOWN, 9, band="score"),
        Column("level", "Level", "Level", SHOWN, 13, band="score"),
        Column("effects", "Uraian Dampak", "Effects", SHOWN, 30),
        Column("plan", "Rencana Mitigasi", "Mitigation plan", SHOWN, 35),
    ),
    (("score", "Nilai Risiko (saat ini)", "Current risk score"),),
)

UNITS = SheetSpec(
    "units",
    "Unit Kerja",
    "Units",
    "UNIT KERJA (UNIT PEMILIK RISIKO)",
    "UNITS (RISK-OWNING UNITS)",
    (
        _NO,
        Column("id", "Kode Unit", "Unit id", ID, 16, required=True),
        Column("name", "Nama Unit", "Unit name", TEXT, 40, required=True),
        Column("kind", "Jenis", "Kind", TEXT, 14),
        Column(
            "head",
            "Kepala Unit (kode pemilik)",
            "Head of unit (owner id)",
            ID,
            20,
            choices="owners",
        ),
        Column("appetite", "Selera Risiko (besaran)", "Risk appetite (besaran)", INT, 14),
    ),
)

OWNERS = SheetSpec(
    "owners",
    "Pemilik",
    "Owners",
    "PEMILIK RISIKO DAN PENANGGUNG JAWAB (JABATAN)",
    "RISK OWNERS AND RESPONSIBLE POSITIONS",
    (
        _NO,
        Column("id", "Kode Pemilik", "Owner id", ID, 20, required=True),
        Column("position", "Jabatan", "Position", TEXT, 45, required=True),
        Column("unit", "Kode Unit", "Unit id", ID, 16, choices="units"),
        Column("name", "Nama", "Name", TEXT, 25),
        Column("nip", "NIP", "NIP", NIP, 21),
    ),
)

SERVICES = SheetSpec(
    "services",
    "Layanan",
    "Services",
    "LAYANAN DAN TAHAPAN PROSES",
    "SERVICES AND PROCESS STEPS",
    (
        _NO,
        Column("id", "Kode Layanan", "Service id", ID, 16, required=True),
        Column("unit", "Kode Unit", "Unit id", ID, 16, required=True, choices="units"),
        Column("name", "Nama Layanan", "Service name", TEXT, 35, required=True),
        Column("description", "Uraian", "Description", TEXT, 40),
        Column("steps", "Tahapan Proses", "Process steps", ITEMS, 30),
    ),
)

CONTROLS = SheetSpec(
    "controls",
    "Pengendalian",
    "Controls",
    "PENGENDALIAN (TERPASANG DAN RENCANA)",
    "CONTROLS (EXISTING AND PLANNED)",
    (
        _NO,
        Column("id", "Kode Pengendalian", "Control id", ID, 16, required=True),
        Column("name", "Nama Pengendalian", "Control name", TEXT, 35, required=True),
        Column("description", "Uraian", "Description", TEXT, 35),
        Column("type", "Jenis", "Type", VOCAB, 12, required=True, choices="type"),
        Column("status", "Status", "Status", VOCAB, 13, required=True, choices="status"),
        Column("adequacy", "Kecukupan", "Adequacy", VOCAB, 14, choices="adequacy"),
        Column(
            "owner", "Penanggung Jawab (kode)", "Responsible (owner id)", ID, 20, choices="owners"
        ),
        Column(
            "mitigates",
            "Memitigasi Risiko (kode)",
            "Mitigates risks (ids)",
            MULTI,
            18,
            required=True,
            choices="risks",
        ),
        Column("due", "Target Waktu", "Due", DUE, 12),
        Column("indicator", "Indikator Keluaran", "Output indicator", TEXT, 25),
        Column("budget", "Anggaran (Rp)", "Budget (Rp)", INT, 15),
    ),
)

EVIDENCE = SheetSpec(
    "evidence",
    "Bukti",
    "Evidence",
    "BUKTI DUKUNG PENGENDALIAN",
    "EVIDENCE OF CONTROLS",
    (
        _NO,
        Column(
            "control", "Kode Pengendalian", "Control id", ID, 16, required=True, choices="controls"
        ),
        Column("title", "Judul Bukti", "Title", TEXT, 40, required=True),
        Column("date", "Tanggal", "Date", DATE, 12),
        Column("ref", "Referensi", "Reference", TEXT, 35),
    ),
)

TESTS = SheetSpec(
    "tests",
    "Pengujian",
    "Tests",
    "PENGUJIAN EFEKTIVITAS PENGENDALIAN",
    "TESTS OF CONTROL EFFECTIVENESS",
    (
        _NO,
        Column(
            "control", "Kode Pengendalian", "Control id", ID, 16, required=True, choices="controls"
        ),
        Column("date", "Tanggal Uji", "Test date", DATE, 12, required=True),
        Column("result", "Hasil", "Result", VOCAB, 16, required=True, choices="result"),
        Column("by", "Penguji (kode pemilik)", "Tested by (owner id)", ID, 20, choices="owners"),
        Column("note", "Catatan", "Note", TEXT, 40),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (
    INSTRUCTIONS,
    REGISTER,
    CRITERIA,
    IDENTIFICATION,
    ANALYSIS,
    ACTION_PLAN,
    REGISTER_TABLE,
    MAP,
    UNITS,
    OWNERS,
    SERVICES,
    CONTROLS,
    EVIDENCE,
    TESTS,
    CRITERIA_DATA,
    LISTS,
)
"""Every sheet, in workbook order."""

_SHEET_BY_KEY = {s.key: s for s in SHEETS}


def sheet(key: str) -> SheetSpec:
    """The sheet with ``key``.

    Examples:
        >>> sheet("analysis").name("en")
        'Risk analysis'
    """
    return _SHEET_BY_KEY[key]


_SPACES = re.compile(r"\s+")


def normalise_label(text: str) -> str:
    """Fold a sheet name or header label for matching: case, spaces, a trailing ``*``.

    Examples:
        >>> normalise_label("  Kode\\nRisiko * ")
        'kode risiko'
    """
    return _SPACES.sub(" ", text.strip().rstrip("*").strip().casefold())


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula (see :data:`FORMULA_STARTS`)."""
    return text.startswith(FORMULA_STARTS)


def join_items(items: list[str] | tuple[str, ...]) -> str:
    """Write list items into one cell: a bullet per item, continuation lines indented."""
    lines: list[str] = []
    for item in items:
        first, *rest = item.split("\n")
        lines.append(BULLET + first)
        lines.extend("  " + line for line in rest)
    return "\n".join(lines)


_MARKS = ("• ", "- ", "* ", "•")


def split_items(text: str) -> list[str]:
    """Read the items of a list cell.

    Text written by :func:`join_items` comes back exactly. Text a person typed
    without bullets gives one item per non-blank line, trimmed.
    """
    lines = text.split("\n")
    if not lines[0].startswith("•"):
        out = []
        for line in lines:
            item = line.strip()
            for mark in _MARKS:
                if item.startswith(mark):
                    item = item[len(mark) :].strip()
                    break
            if item:
                out.append(item)
        return out
    items: list[list[str]] = []
    for line in lines:
        if line.startswith(BULLET) or line == "•":
            items.append([line[len(BULLET) :]])
        elif line.startswith("  ") and items:
            items[-1].append(line[2:])
        elif items:
            items[-1].append(line)
    return ["\n".join(parts) for parts in items]


_MULTI_SPLIT = re.compile(r"[\n;,]+")


def split_multi(text: str) -> list[str]:
    """Split a cell of ids or labels on new lines, ``;`` or ``,``; blanks are dropped.

    Examples:
        >>> split_multi("R-1; R-2,\\nR-3 ")
        ['R-1', 'R-2', 'R-3']
    """
    out = []
    for part in _MULTI_SPLIT.split(text):
        item = part.strip()
        if item.startswith(("• ", "- ")):
            item = item[2:].strip()
        if item:
            out.append(item)
    return out


# OOXML keeps control characters in text as _xHHHH_; a literal "_xHHHH_" is escaped as
# _x005F_xHHHH_. Spreadsheet programs follow this; openpyxl leaves it to the caller.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """Escape characters a workbook cannot hold as they are (carriage return, controls).

    Examples:
        >>> ooxml_escape("a\\rb_x0041_")
        'a_x000D_b_x005F_x0041_'
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def ooxml_unescape(text: str) -> str:
    """Undo :func:`ooxml_escape` (and the same escapes written by spreadsheet programs).

    Examples:
        >>> ooxml_unescape("a_x000D_b_x005F_x0041_")
        'a\\rb_x0041_'
    """
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
