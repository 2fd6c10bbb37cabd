"""The small register the document tests render (golden files and properties)."""

from __future__ import annotations

from zi_risk.model import Register
from zi_risk.testing import RegisterBuilder

HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"
"""A risk name that must print as text: never markup, never template source."""


def small_register() -> Register:
    """Two units, five risks (one named :data:`HOSTILE`), existing and planned controls."""
    return (
        RegisterBuilder(
            title="Register Risiko Fraud Zona Integritas",
            organisation="Pemerintah Kabupaten Uji",
            year=2023,
            quarter=4,
            appetite=11,
            prepared_by="kabag-org",
            approved_by="sekda",
            signed={"place": "Kraksaan", "date": "2023-11-13"},
        )
        .owner("sekda", "Sekretaris Daerah", name="Budi Santoso", nip="196801011990031001")
        .owner("kabag-org", "Kepala Bagian Organisasi")
        .owner(
            "kadis",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil",
            unit="dukcapil",
            name="Siti Aminah",
            nip="197502022000122002",
        )
        .owner("kabid", "Kepala Bidang Pelayanan Pendaftaran Penduduk", unit="dukcapil")
        .owner("irban", "Inspektur Pembantu Wilayah III")
        .unit("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", kind="dinas", head="kadis")
        .unit("dpmptsp", "Dinas Penanaman Modal dan PTSP", kind="dinas", appetite=12)
        .service(
            "ktp",
            unit="dukcapil",
            name="Penerbitan KTP-el",
            steps=["Pendaftaran", "Perekaman", "Pencetakan"],
            description="Perekaman dan pencetakan KTP-el.\nTermasuk jemput bola.",
        )
        .service("izin", unit="dpmptsp", name="Perizinan Berusaha | OSS")
        .risk(
            "R-1",
            service="ktp",
            likelihood=4,
            impact=4,
            residual=(3, 3),
            step="Pendaftaran",
            name="Pungutan liar untuk mempercepat KTP-el",
            owner="kabid",
            scenario="Petugas meminta uang | amplop.\nBerkas beramplop didahulukan.",
            causes=["Blangko terbatas", "Antrean tidak terbuka"],
            effects=["Kerugian masyarakat"],
            group=["extortion"],
            scheme="pungli",
            treatment="reduce",
        )
        .risk(
            "R-2",
            service="ktp",
            likelihood=2,
            impact=5,
            step="Pencetakan",
            name=HOSTILE,
            owner="kabid",
            group=["embezzlement"],
        )
        .risk(
            "R-3",
            service="ktp",
            likelihood=1,
            impact=1,
            residual=(1, 1),
            owner="kabid",
            name="Salah entri data",
        )
        .risk(
            "R-10",
            service="izin",
            likelihood=3,
            impact=4,
            residual=(3, 4),
            name="Benturan kepentingan tim teknis",
            scheme="benturan_kepentingan",
            group=["procurement_conflict"],
        )
        .risk(
            "R-11",
            service="izin",
            likelihood=5,
            impact=5,
            residual=(4, 5),
            name="Uang lelah survei lapangan",
            owner="sekda",
            treatment="accept",
        )
        .control(
            "C-1",
            mitigates=["R-1", "R-2"],
            type="preventive",
            status="implemented",
            adequacy="adequate",
            owner="kabid",
            name="Maklumat layanan gratis",
            evidence=[
                {"title": "SK Maklumat", "date": "2023-01-09", "ref": "arsip/sk-maklumat.pdf"}
            ],
            tests=[{"date": "2023-07-18", "result": "effective", "by": "irban"}],
        )
        .control(
            "C-2",
            mitigates=["R-1"],
            type="detective",
            status="implemented",
            adequacy="inadequate",
            owner="kabid",
            name="CCTV loket",
        )
        .control(
            "C-3",
            mitigates=["R-1", "R-10"],
            type="preventive",
            status="planned",
            owner="kadis",
            due="2024-Q2",
            budget=2_500_000,
            name="Antrean daring",
            description="Aplikasi antrean | kuota harian",
            indicator="Antrean daring aktif",
        )
        .control(
            "C-4",
            mitigates=["R-11"],
            type="detective",
            status="in_progress",
            owner="irban",
            due="2024-03-31",
            name="Survei pasca layanan",
        )
        .control(
            "C-5", mitigates=["R-3"], type="corrective", status="retired", name="Formulir manual"
        )
        .build()
    )
