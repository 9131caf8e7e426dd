"""PDF report rows as tall as their text: a long file name, patient name or reason makes its row
taller (nothing clipped, the study date after the patient line included), rows never overlap or
run into the footer, and a row that does not fit starts the next page under the repeated header.
The text is checked as drawn (``tests.pdf_text``), through ``write_pdf_report``."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from app.export.export_pdf import write_pdf_report
from app.export.pdf_painter import ROW_H
from app.export.pdf_rows import ReportPainter
from app.export.report_layout import ReportInfo, Section, paginate_heights
from app.worklist.worklist_logic import patient_text
from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from tests.pdf_text import DrawnText, record_pdf_boxes

pytestmark = pytest.mark.usefixtures("private_qsettings")

LONG_FILE = ("study_2024-03-14_" + "PEDIATRIC-CHEST-PA-ERECT-" * 5)[:116] + ".dcm"
LONG_PATIENT = {
    "patient_name": "MONTGOMERY-FITZWILLIAM^ALEXANDRA^BEATRIZ^MARIA-DE-LOS-ANGELES^DRA",
    "patient_id": "HOSPITAL-CENTRAL-ID-000000000000000000000012345",
    "study_date": "20240315",
}
PATIENT = {"patient_name": "GONZALEZ^MARIA JOSE", "patient_id": "HC-2024-000123",
           "study_date": "20240314"}  # fmt: skip


def scored(name: str, p: float, meta: dict[str, str], index: int, **kw) -> TriageResult:
    thumb = np.full((64, 64), 128, np.uint8)
    probs = {"normal": 1 - p, "bacterial": p * 0.7, "viral": p * 0.3}
    return TriageResult(path=Path("/s") / name, index=index, pneumonia_prob=p, metadata=meta,
                        class_probs=probs, thumbnail=thumb, **kw)  # fmt: skip


def worklist() -> list[TriageResult]:
    """Long texts in every kind of row, and enough long rows for several pages."""
    results = [
        scored("short.png", 0.95, PATIENT, 0),
        scored(LONG_FILE, 0.91, PATIENT, 1),  # the defect: its study date was cut
        scored("b.dcm", 0.6, LONG_PATIENT, 2),
        scored("out_" + LONG_FILE, 0.7, {**LONG_PATIENT, "view_position": "LL", "modality": "XA"},
               3, flags={Flag.LUNGS_NOT_SEEN, Flag.LOW_CONTRAST, Flag.SMALL}, age_years=9.0),
    ]  # fmt: skip
    bad = Path("/s/bad_" + LONG_FILE)
    reason = "the pixel data ends early " * 6
    err = LoadFailure(bad, FailureKind.TRUNCATED, reason)
    results.append(TriageResult(path=bad, index=4, metadata=LONG_PATIENT, error=err))
    results += [scored(f"{i}_{LONG_FILE}", 0.5 + i / 100, LONG_PATIENT, 10 + i) for i in range(9)]
    return results


@dataclass
class Drawn:
    """What one row's ``draw`` put on its page."""

    page: int
    top: float
    height: float
    row: object
    boxes: list[DrawnText] = field(default_factory=list)


def export(monkeypatch, target: Path, results, info) -> tuple[int, list[Drawn], dict, dict]:
    """Write the report; return its page count, the rows as drawn, each page's texts and the
    page geometry (page rect, body top and bottom)."""
    boxes = record_pdf_boxes(monkeypatch)
    rows: list[Drawn] = []
    page_texts: dict[int, list[str]] = {}
    geometry: dict[str, object] = {}
    furniture, draw = ReportPainter.furniture, ReportPainter.draw

    def on_furniture(self, page_no: int) -> None:
        start = len(boxes)
        furniture(self, page_no)
        page_texts[page_no] = [b.text for b in boxes[start:]]
        geometry.update(page=self.page, top=self.body_top(), bottom=self.body_bottom())

    def on_draw(self, y: float, row) -> float:
        start = len(boxes)
        h = draw(self, y, row)
        rows.append(Drawn(max(page_texts), y, h, row, boxes[start:]))
        return h

    monkeypatch.setattr(ReportPainter, "furniture", on_furniture)
    monkeypatch.setattr(ReportPainter, "draw", on_draw)
    n = write_pdf_report(target, results, info)
    return n, rows, page_texts, geometry


def inside(inner, outer, slack: float = 0.5) -> bool:
    return (
        inner.left() >= outer.left() - slack
        and inner.top() >= outer.top() - slack
        and inner.right() <= outer.right() + slack
        and inner.bottom() <= outer.bottom() + slack
    )


def test_long_texts_grow_their_row_and_nothing_is_clipped(qapp, tmp_path, monkeypatch) -> None:
    info = ReportInfo("cxr", "2.1", "f" * 64, "CPU", 0.5, 0.5, sources=("/s",),
                      worklist_status="incomplete: 14 of 20 scanned, cancelled")  # fmt: skip
    n, rows, page_texts, geo = export(monkeypatch, tmp_path / "r.pdf", worklist(), info)
    assert n == len(page_texts) >= 3 and len(rows) == 16  # 14 images and 2 section headings
    page = geo["page"]
    for d in rows:
        box = page.adjusted(0, 0, 0, 0)
        box.setTop(d.top)
        box.setBottom(d.top + d.height)
        assert d.top >= geo["top"] - 0.5 and box.bottom() <= geo["bottom"] + 0.5, d.row
        for b in d.boxes:
            assert inside(b.needed, b.rect), f"clipped: {b.text!r}"
            assert inside(b.needed, box), f"outside its row: {b.text!r}"
    for a, b in itertools.pairwise(rows):  # rows of a page never overlap
        assert b.page > a.page or b.top >= a.top + a.height - 0.5
    images = {d.row[1].path.name: d for d in rows if not isinstance(d.row, Section)}
    long_row = [b.text for b in images[LONG_FILE].boxes]
    assert LONG_FILE in long_row and "GONZALEZ MARIA JOSE (HC-2024-000123) · 2024-03-14" in long_row
    assert "91.0%" in long_row and images[LONG_FILE].height > ROW_H
    patient = patient_text(LONG_PATIENT) + " · 2024-03-15"
    assert patient in [b.text for b in images["b.dcm"].boxes]
    out = [b.text for b in images["out_" + LONG_FILE].boxes]
    assert patient in out and any(t.startswith("⚠ Out of scope: not a radiograph") for t in out)
    assert any(t.endswith("low resolution") for t in out)  # the reason's end, not cut
    bad = [b.text for b in images["bad_" + LONG_FILE].boxes]
    assert patient in bad and any(t.rstrip().endswith("ends early") for t in bad)
    # every page repeats the header and the footer's disclaimer and partial-worklist warning
    for texts in page_texts.values():
        assert "CXR Triage — batch triage report" in texts
        assert any(t.startswith("INCOMPLETE WORKLIST") and "not a diagnosis" in t for t in texts)
    # a section heading is never the last thing on a page
    last = {d.page: d for d in rows}
    assert not any(isinstance(d.row, Section) for p, d in last.items() if p < n)


def test_deidentified_report_repeats_its_marker_on_every_page(qapp, tmp_path, monkeypatch):
    info = ReportInfo("cxr", "2.1", "f" * 64, "CPU", 0.5, 0.5, deidentified=True)
    n, rows, page_texts, _geo = export(monkeypatch, tmp_path / "d.pdf", worklist(), info)
    assert n >= 2 and len(page_texts) == n
    for texts in page_texts.values():
        assert "CXR Triage — batch triage report (DE-IDENTIFIED copy)" in texts
    for d in rows:
        assert all(inside(b.needed, b.rect) for b in d.boxes)
        assert not any("MONTGOMERY" in b.text for b in d.boxes)


def test_paginate_heights_fills_pages_by_height() -> None:
    assert paginate_heights([], 100, 200) == [range(0, 0)]
    assert paginate_heights([50, 50, 50, 120, 80], 100, 200) == [
        range(0, 2),
        range(2, 4),
        range(4, 5),
    ]
    # nothing fits below the summary: page 1 keeps the summary alone; a too-tall row gets a page
    assert paginate_heights([150, 500, 10], 100, 200) == [range(0, 0), range(0, 1), range(1, 2),
                                                          range(2, 3)]  # fmt: skip
    # a heading that would end a page moves to the next with its row
    assert paginate_heights([40, 40, 40, 40], 100, 200, [False, False, True, False]) == [
        range(0, 2),
        range(2, 4),
    ]
