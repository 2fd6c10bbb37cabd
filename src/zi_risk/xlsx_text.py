"""Texts printed inside the register workbook, in Indonesian and English.

Examples:
    >>> text("id", "present"), text("en", "present")
    ('Ada', 'Present')
"""

from __future__ import annotations

from .criteria import RiskCriteria
from .vocab import Adequacy, ControlStatus, ControlType, RiskGroup, Scheme, TestResult, Treatment

__all__ = ["instructions", "text"]

_TEXT: dict[str, dict[str, str]] = {
    "id": {
        "default_title": "Register Risiko Fraud",
        "dv_title": "Pilihan tidak dikenal",
        "dv_error": "Pilih salah satu nilai dari daftar.",
        "dv_multi": "Pilih dari daftar; beberapa nilai ditulis satu per baris (atau dipisah ';').",
        "present": "Ada",
        "absent": "Belum Ada",
        "field": "Isian",
        "value": "Nilai",
        "explanation": "Keterangan",
        "help_title": "Judul register.",
        "help_organisation": "Nama instansi (pemerintah daerah, kementerian/lembaga).",
        "help_year": "Tahun periode register.",
        "help_quarter": "Triwulan 1-4, bila register untuk satu triwulan.",
        "help_criteria": (
            "Nama kriteria risiko (preset). Kriteria sendiri disimpan di lembar Data Kriteria."
        ),
        "help_appetite": "Besaran risiko yang menjadi batas selera; kosong = bawaan kriteria.",
        "help_residual_method": "Metode penurunan risiko residu dari pengendalian (opsional).",
        "help_prepared_by": "Kode pemilik (jabatan) penyusun register.",
        "help_approved_by": "Kode pemilik (jabatan) yang menyetujui register.",
        "help_signed.place": "Tempat penandatanganan.",
        "help_signed.date": "Tanggal penandatanganan (TTTT-BB-HH).",
        "help_audit": "Pengaturan pemeriksaan (YAML), untuk pengguna lanjut.",
        "criteria_name": "Nama kriteria",
        "likelihood_scale": "Skala Kemungkinan",
        "impact_scale": "Skala Dampak",
        "level": "Level",
        "name": "Nama",
        "matrix": "Matriks Besaran Risiko",
        "likelihood_impact": "Kemungkinan \\ Dampak",
        "bands": "Level Risiko",
        "action": "Tindakan",
        "appetite": "Selera Risiko",
        "appetite_help": "Risiko dengan besaran ini atau lebih perlu ditangani (bawaan kriteria: "
        "{default}).",
        "map_inherent": "Peta Risiko Inheren",
        "map_residual": "Peta Risiko Residu (saat ini)",
        "legend": "Keterangan Level Risiko",
        "count_inherent": "Jumlah Inheren",
        "count_residual": "Jumlah Residu",
        "criteria_data_help": (
            "Kriteria risiko sendiri dalam YAML, satu baris per sel. Hapus lembar ini untuk "
            "memakai kriteria preset pada lembar Identitas."
        ),
    },
    "en": {
        "default_title": "Fraud Risk Register",
        "dv_title": "Unknown choice",
        "dv_error": "Choose one of the values in the list.",
        "dv_multi": (
            "Choose from the list; write several values one per line (or separated by ';')."
        ),
        "present": "Present",
        "absent": "Absent",
        "field": "Field",
        "value": "Value",
        "explanation": "Explanation",
        "help_title": "Title of the register.",
        "help_organisation": "Name of the organisation (local government, ministry, agency).",
        "help_year": "Year of the register's period.",
        "help_quarter": "Quarter 1-4, when the register covers one quarter.",
        "help_criteria": (
            "Name of the risk criteria (a preset). Own criteria live on the Criteria data sheet."
        ),
        "help_appetite": (
            "Besaran at which a risk is above appetite; empty = the criteria's default."
        ),
        "help_residual_method": "Method deriving residual risk from controls (optional).",
        "help_prepared_by": "Owner id (position) of who prepared the register.",
        "help_approved_by": "Owner id (position) of who approved the register.",
        "help_signed.place": "Place of signature.",
        "help_signed.date": "Date of signature (YYYY-MM-DD).",
        "help_audit": "Audit settings (YAML), for advanced users.",
        "criteria_name": "Criteria name",
        "likelihood_scale": "Likelihood scale",
        "impact_scale": "Impact scale",
        "level": "Level",
        "name": "Name",
        "matrix": "Besaran matrix",
        "likelihood_impact": "Likelihood \\ Impact",
        "bands": "Risk levels",
        "action": "Action",
        "appetite": "Risk appetite",
        "appetite_help": "Risks at or above this besaran need treatment (criteria default: "
        "{default}).",
        "map_inherent": "Inherent risk map",
        "map_residual": "Residual risk map (current)",
        "legend": "Risk level legend",
        "count_inherent": "Inherent count",
        "count_residual": "Residual count",
        "criteria_data_help": (
            "Own risk criteria as YAML, one line per cell. Delete this sheet to use the preset "
            "named on the Register details sheet."
        ),
    },
}


def text(lang: str, key: str) -> str:
    """The workbook text ``key`` in ``lang`` (``"id"`` or ``"en"``)."""
    return _TEXT["en" if lang == "en" else "id"][key]


_STEPS = {
    "id": [
        ("heading", "Cara mengisi"),
        (
            "plain",
            "1. Hanya isi kolom berjudul hijau. Kolom berjudul abu-abu dihitung otomatis "
            "(besaran, level) atau diisi ulang oleh zi-risk, dan tidak dibaca saat impor.",
        ),
        (
            "plain",
            "2. Isi lembar referensi lebih dulu: Unit Kerja, Pemilik (jabatan), Layanan "
            "(dengan tahapan proses). Kode (id) hanya memuat huruf, angka, '.', '_' atau '-'.",
        ),
        (
            "plain",
            "3. Identifikasi Risiko: satu baris per risiko, dengan kode layanan dan "
            "tahapannya. Analisis Risiko dan RTP: satu baris per risiko, dengan kode risiko yang "
            "sama.",
        ),
        (
            "plain",
            "4. Pengendalian: satu baris per pengendalian, dengan kode risiko yang "
            "dimitigasi (satu per baris). Bukti dan Pengujian: satu baris per bukti/uji, dengan "
            "kode "
            "pengendaliannya.",
        ),
        (
            "plain",
            "5. Daftar dalam satu sel (penyebab, dampak, tahapan): satu butir per baris. "
            "Dampak per area: 'keuangan: 3' per baris; kolom Dampak lalu berisi area terburuk.",
        ),
        (
            "plain",
            "6. Tanggal ditulis sebagai tanggal atau TTTT-BB-HH; target waktu boleh "
            "TTTT-Qn (triwulan).",
        ),
        (
            "plain",
            "7. Jangan menulis rumus pada kolom isian. Teks yang diawali '=', '+', '-' atau "
            "'@' disimpan sebagai teks.",
        ),
        ("plain", "8. Periksa berkas dengan: zi-risk validate register.xlsx"),
    ],
    "en": [
        ("heading", "How to fill in"),
        (
            "plain",
            "1. Fill in only the columns with green headers. Grey columns are computed "
            "(besaran, level) or refreshed by zi-risk, and are not read on import.",
        ),
        (
            "plain",
            "2. Fill in the reference sheets first: Units, Owners (positions), Services "
            "(with process steps). Ids hold only letters, digits, '.', '_' or '-'.",
        ),
        (
            "plain",
            "3. Risk identification: one row per risk, with its service id and step. Risk "
            "analysis and Action plan: one row per risk, with the same risk id.",
        ),
        (
            "plain",
            "4. Controls: one row per control, with the ids of the risks it mitigates (one "
            "per line). Evidence and Tests: one row per item, with its control id.",
        ),
        (
            "plain",
            "5. Lists in one cell (causes, effects, steps): one item per line. Impact per "
            "area: 'keuangan: 3' per line; the Impact column then holds the worst area.",
        ),
        ("plain", "6. Write dates as dates or YYYY-MM-DD; a due date may be YYYY-Qn (a quarter)."),
        (
            "plain",
            "7. Do not write formulas in input columns. Text starting with '=', '+', '-' or "
            "'@' is kept as text.",
        ),
        ("plain", "8. Check the file with: zi-risk validate register.xlsx"),
    ],
}

_LEGENDS = (
    ("Jenis pengendalian", "Control type", ControlType),
    ("Status pengendalian", "Control status", ControlStatus),
    ("Kecukupan", "Adequacy", Adequacy),
    ("Opsi penanganan", "Treatment", Treatment),
    ("Kelompok risiko (KPK)", "Risk group (KPK)", RiskGroup),
    ("Modus (skema)", "Scheme", Scheme),
    ("Hasil uji", "Test result", TestResult),
)


def instructions(lang: str, criteria: RiskCriteria) -> list[tuple[str, str]]:
    """The lines of the instructions sheet: ``(style, text)``, empty text for a blank line."""
    en = lang == "en"
    lines: list[tuple[str, str]] = [
        ("title", "FRAUD RISK REGISTER WORKBOOK" if en else "BUKU KERJA REGISTER RISIKO FRAUD"),
        ("", ""),
        *_STEPS["en" if en else "id"],
        ("", ""),
        ("heading", "Legend" if en else "Keterangan"),
    ]
    for label_id, label_en, vocab in _LEGENDS:
        values = ", ".join(m.label(lang) for m in vocab)
        lines.append(("plain", f"{label_en if en else label_id}: {values}"))
    bands = ", ".join(f"{b.name(lang)} {b.low}-{b.high}" for b in criteria.bands)
    lines.append(("plain", f"{'Risk levels' if en else 'Level risiko'} ({criteria.name}): {bands}"))
    return lines
