"""Qt-free logic of the viewer: worklist text, windowing, progress, export paths, preferences."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from app.core import prefs
from app.core.progress_text import format_duration, progress_fraction, progress_text
from app.core.result_buffer import ResultBuffer
from app.export.export_paths import (
    default_export_dir,
    default_filename,
    is_inside,
    scan_roots,
    with_extension,
)
from app.export.report_layout import (
    ReportInfo,
    Section,
    report_rows,
    row_text,
    summary_lines,
)
from app.viewer.lru import LRUCache
from app.viewer.windowing import (
    apply_window,
    auto_window,
    clamp_window,
    drag_window,
    to_uint8,
    value_span,
)
from app.worklist.worklist_logic import (
    HIDE_ORDER,
    REQUIRED_COLUMNS,
    Column,
    FilterMode,
    cell_text,
    columns_to_hide,
    fit_widths,
    format_percent,
    live_haystack,
    matches_filter,
    matches_search,
    patient_text,
    search_haystack,
    status_text,
    study_date_text,
    summarize,
)
from inference.core.output_files import atomic_path, atomic_write_bytes
from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from inference.triage.pipeline import Progress
from inference.triage.worklist import TriageSettings


def S(threshold: float, rank: bool = False) -> TriageSettings:
    return TriageSettings(threshold=threshold, rank_out_of_scope=rank)


def scored(name: str, p: float, flags: set[Flag] | None = None, **meta: str) -> TriageResult:
    rest = 1.0 - p
    return TriageResult(
        path=Path("/data") / name,
        index=0,
        metadata=dict(meta),
        pneumonia_prob=p,
        class_probs={"normal": rest, "bacterial": p * 0.3, "viral": p * 0.7},
        flags=set(flags or ()),
    )


def failed(name: str, kind: FailureKind = FailureKind.TRUNCATED, msg: str = "file ends early"):
    path = Path("/data") / name
    return TriageResult(path=path, index=1, error=LoadFailure(path, kind, msg))


# -- worklist text (label/scope/order rules are tested in test_worklist.py) ----
def test_format_percent_never_rounds_to_false_certainty() -> None:
    assert format_percent(0.873) == "87%"
    assert format_percent(0.8734, 1) == "87.3%"
    assert format_percent(0.996) == ">99%"
    assert format_percent(0.004) == "<1%"
    assert format_percent(1.0) == "100%"
    assert format_percent(0.0) == "0%"
    assert format_percent(None) == "—"


def test_cell_texts_for_scored_and_failed_rows() -> None:
    r = scored("x.dcm", 0.9, {Flag.SMALL}, patient_name="DOE^JANE", patient_id="42",
               study_date="20240131")  # fmt: skip
    assert cell_text(r, Column.FILE, S(0.5)) == "x.dcm"
    assert cell_text(r, Column.PROBABILITY, S(0.5)) == "90%"
    assert cell_text(r, Column.LABEL, S(0.5)) == "pneumonia"
    assert cell_text(r, Column.LIKELY_TYPE, S(0.5)) == "viral"
    assert cell_text(r, Column.FLAGS, S(0.5)) == "low resolution"
    assert cell_text(r, Column.PATIENT, S(0.5)) == "DOE JANE (42)"
    assert cell_text(r, Column.STUDY_DATE, S(0.5)) == "2024-01-31"
    assert cell_text(r, Column.STATUS, S(0.5)) == "OK"
    out = scored("knee.dcm", 0.99, {Flag.NOT_CHEST}, body_part="KNEE")
    assert cell_text(out, Column.LABEL, S(0.5)) == "out of scope: not a chest film"
    assert cell_text(out, Column.LIKELY_TYPE, S(0.5)) == ""  # never a pneumonia type
    assert cell_text(out, Column.LABEL, S(0.5, rank=True)).startswith("pneumonia (out of scope")
    f = failed("bad.jpg")
    assert cell_text(f, Column.PROBABILITY, S(0.5)) == "—"
    assert cell_text(f, Column.LABEL, S(0.5)) == "truncated"  # the short reason
    assert cell_text(f, Column.STATUS, S(0.5)) == "Truncated: file ends early"


def test_patient_and_date_fallbacks() -> None:
    assert patient_text({}) == ""
    assert patient_text({"patient_id": "7"}) == "7"
    assert study_date_text({"study_date": "2024"}) == "2024"


def test_filters_and_search() -> None:
    hi, lo = scored("hi.png", 0.8), scored("lo.png", 0.2, {Flag.COLOUR})
    small = scored("small.png", 0.1, {Flag.SMALL})
    bad = failed("bad.dcm", FailureKind.NON_IMAGE_DICOM, "a structured report")
    rows = [hi, lo, small, bad]
    assert [r for r in rows if matches_filter(r, FilterMode.ALL, S(0.5))] == rows
    assert [r for r in rows if matches_filter(r, FilterMode.ABOVE_THRESHOLD, S(0.5))] == [hi]
    # a colour image is out of scope: never "above threshold", listed under "out of scope"
    assert [r for r in rows if matches_filter(r, FilterMode.ABOVE_THRESHOLD, S(0.1))] == [hi, small]
    assert [r for r in rows if matches_filter(r, FilterMode.OUT_OF_SCOPE, S(0.5))] == [lo]
    # every row that shows a flag, ranked or out of scope (never an unreadable one)
    assert [r for r in rows if matches_filter(r, FilterMode.FLAGGED, S(0.5))] == [lo, small]
    assert [r for r in rows if matches_filter(r, FilterMode.FLAGGED, S(0.5, True))] == [lo, small]
    assert [r for r in rows if matches_filter(r, FilterMode.ERRORS, S(0.5))] == [bad]
    assert matches_search(search_haystack(bad, S(0.5)), "STRUCTURED bad")
    assert matches_search(search_haystack(lo, S(0.5)), "colour")
    assert matches_search(search_haystack(lo, S(0.5)), "not a radiograph")  # the scope reason
    assert not matches_search(search_haystack(hi, S(0.5)), "colour")
    assert matches_search(search_haystack(hi, S(0.5)), "")
    # labels are searchable and follow the threshold (the live part is not cached)
    assert matches_search(search_haystack(hi, S(0.5)) + live_haystack(hi, S(0.5)), "pneumonia")
    assert matches_search(search_haystack(hi, S(0.9)) + live_haystack(hi, S(0.9)), "normal")
    assert not matches_search(search_haystack(hi, S(0.9)) + live_haystack(hi, S(0.9)), "pneumonia")
    assert live_haystack(bad, S(0.5)) == ""


def test_summary_counts() -> None:
    rows = [scored("a", 0.8, {Flag.SMALL}), scored("b", 0.3), failed("c"),
            scored("d", 0.99, {Flag.COLOUR})]  # fmt: skip
    s = summarize(rows, S(0.5))
    assert (s.total, s.scored, s.above, s.flagged, s.errors) == (4, 3, 1, 1, 1)
    assert (s.in_scope, s.out_of_scope) == (2, 1)


def test_status_text_names_every_failure_kind() -> None:
    for kind in FailureKind:
        text = status_text(failed("f", kind, "why"))
        assert text.endswith(": why") and not text.startswith(str(kind) + "_")


# -- windowing ----------------------------------------------------
def test_apply_window_float_maps_linearly_and_clips() -> None:
    values = np.array([[0.0, 100.0, 200.0, 300.0, 400.0]], dtype=np.float32)
    out = apply_window(values, (200.0, 200.0))  # 100..300 -> 0..255
    assert out.dtype == np.uint8
    assert out[0, [0, 1, 3, 4]].tolist() == [0, 0, 255, 255]
    assert out[0, 2] in (127, 128)  # 127.5: round-half-even
    inverted = apply_window(values, (200.0, 200.0), invert=True)
    assert (inverted.astype(int) + out).tolist() == [[255] * 5]


def test_apply_window_uint8_uses_lut_and_matches_float_path() -> None:
    u8 = np.arange(256, dtype=np.uint8).reshape(16, 16)
    via_lut = apply_window(u8, (100.0, 50.0)).astype(int)
    via_float = apply_window(u8.astype(np.float32), (100.0, 50.0)).astype(int)
    assert np.abs(via_lut - via_float).max() <= 1
    assert apply_window(u8, (127.5, 255.0)).tolist() == u8.tolist()


def test_to_uint8_and_spans() -> None:
    assert to_uint8(np.array([[0.0, 0.5, 1.0, 2.0]], dtype=np.float32)).tolist() == [
        [0, 128, 255, 255]
    ]
    assert value_span(np.zeros((4, 4), np.uint8)) == (0.0, 255.0)
    assert value_span(np.full((4, 4), 7.0, np.float32)) == (7.0, 8.0)


def test_auto_window_is_robust_to_outliers() -> None:
    rng = np.random.default_rng(0)
    img = rng.normal(1000, 100, (256, 256)).astype(np.float32)
    img[0, 0] = 60000
    centre, width = auto_window(img)
    assert 950 < centre < 1050 and 400 < width < 700


def test_drag_window_directions_and_clamping() -> None:
    start, span = (500.0, 200.0), (0.0, 1000.0)
    c, w = drag_window(start, dx=60, dy=0, span=span)
    assert w > 200 and c == 500
    c, w = drag_window(start, dx=0, dy=60, span=span)
    assert c > 500 and w == 200
    c, w = drag_window(start, dx=-10_000, dy=10_000, span=span)
    assert w >= 1.0 and c <= 2000
    assert clamp_window((0.0, -5.0), span)[1] > 0


# -- progress ----------------------------------------------------
def test_progress_text_and_fraction() -> None:
    scanning = Progress(done=3, total=None, failed=0, elapsed_s=1.0, eta_s=None, current=None)
    assert "Finding images" in progress_text(scanning)
    assert progress_fraction(scanning) == (0, 0)
    mid = Progress(done=40, total=240, failed=2, elapsed_s=10.0, eta_s=65.0, current=None)
    assert progress_text(mid) == "40 / 240 images · 2 failed · about 1 min 05 s left"
    assert progress_fraction(mid) == (40, 240)
    done = Progress(done=240, total=240, failed=0, elapsed_s=75.0, eta_s=0.0, current=None)
    assert progress_text(done) == "240 / 240 images · 1 min 15 s"
    assert format_duration(7250) == "2 h 00 min"
    assert format_duration(None) == ""


# -- export paths ----------------------------------------------------
def test_default_export_dir_never_inside_scanned_folder(tmp_path: Path) -> None:
    images, docs = tmp_path / "images", tmp_path / "docs"
    (images / "sub").mkdir(parents=True)
    docs.mkdir()
    roots = scan_roots([images])
    assert is_inside(images / "sub", roots) and not is_inside(docs, roots)
    assert default_export_dir([images / "sub", docs], roots) == docs
    assert default_export_dir([None, images], roots) not in (images, images / "sub")
    single_file = images / "a.png"
    single_file.write_bytes(b"x")
    assert scan_roots([single_file]) == [images]


def test_is_inside_resolves_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    os.symlink(real, link)
    assert is_inside(link, [real])


def test_default_filenames() -> None:
    name = default_filename("worklist", "csv", datetime(2025, 1, 2, 9, 30))
    assert name == "cxr-triage-worklist-20250102-0930.csv"
    assert default_filename("a b/c", ".png").startswith("cxr-triage-a-b-c-")
    assert with_extension(Path("/x/report"), "pdf") == Path("/x/report.pdf")
    assert with_extension(Path("/x/report.PDF"), "pdf") == Path("/x/report.PDF")


def test_atomic_write_replaces_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    atomic_write_bytes(target, b"new")
    assert target.read_text() == "new"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# -- preferences ----------------------------------------------------
def test_recent_folders_dedupe_and_limit(tmp_path: Path) -> None:
    items: list[str] = []
    for i in range(12):
        items = prefs.push_recent(items, f"/f/{i}")
    assert len(items) == prefs.MAX_RECENT and items[0] == "/f/11"
    items = prefs.push_recent(items, "/f/5")
    assert items[0] == "/f/5" and items.count("/f/5") == 1
    (tmp_path / "here").mkdir()
    assert prefs.existing_recent([str(tmp_path / "here"), "/nope/gone"]) == [str(tmp_path / "here")]


def test_threshold_only_reused_for_the_same_model() -> None:
    assert prefs.effective_threshold(0.4, "0.3", "sha-a", "sha-a") == 0.3
    assert prefs.effective_threshold(0.4, "0.3", "sha-a", "sha-b") == 0.4
    assert prefs.effective_threshold(0.4, "nan", "sha-a", "sha-a") == 0.4
    assert prefs.effective_threshold(0.4, 1.5, "sha-a", "sha-a") == 0.4
    assert prefs.clamp_opacity("2") == 1.0 and prefs.clamp_opacity("x") == prefs.DEFAULT_OPACITY
    assert prefs.valid_theme("neon") == prefs.DEFAULT_THEME


# -- LRU and buffer ----------------------------------------------------
def test_lru_bounds_items_and_bytes() -> None:
    cache: LRUCache[bytes] = LRUCache(max_items=3, max_bytes=10, size_of=len)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # a is now most recent
    cache.put("c", b"1234")  # 12 bytes > 10: evict LRU (b)
    assert "b" not in cache and "a" in cache and "c" in cache
    cache.put("big", b"x" * 50)  # alone over budget: kept, everything else evicted
    assert len(cache) == 1 and cache.get("big") is not None
    cache.clear()
    assert len(cache) == 0 and cache.nbytes == 0


def test_result_buffer_drains_in_order_with_latest_progress() -> None:
    buf: ResultBuffer[int, str] = ResultBuffer()
    for i in range(5):
        buf.push(i)
    buf.set_progress("p1")
    buf.set_progress("p2")
    items, progress = buf.drain(limit=3)
    assert items == [0, 1, 2] and progress == "p2"
    items, progress = buf.drain()
    assert items == [3, 4] and progress is None
    assert buf.pending() == 0


# -- report layout ----------------------------------------------------
def test_report_text() -> None:
    info = ReportInfo("M", "1.0", "abc" * 20, "CPU", threshold=0.3, default_threshold=0.5)
    rows = [scored("a", 0.4), scored("knee", 0.9, {Flag.NOT_CHEST}, body_part="KNEE")]
    lines = dict(summary_lines(summarize(rows, info.settings), info))
    assert lines["At or above threshold"] == "1"
    assert lines["Out of scope"] == "1" and lines["Ranked (in scope)"] == "1"
    assert "listed apart" in lines["Scope"]
    assert lines["Operating threshold"] == "30.0%"
    assert lines["Operating point"] == "custom threshold 30.0% (model default 50.0%)"
    rt = row_text(1, scored("a.png", 0.4), S(0.3))
    assert rt.verdict == "pneumonia (viral)" and rt.probability == "40.0%"
    out = row_text(None, rows[1], S(0.3))
    assert out.rank == "" and not out.in_scope and out.verdict == ""
    assert "not a chest study" in out.scope_reason
    assert row_text(2, failed("b.png"), S(0.3)).status.startswith("Truncated")


def test_report_rows_open_a_section_per_group() -> None:
    rows = [scored("knee", 0.9, {Flag.NOT_CHEST}, body_part="KNEE"), failed("bad.png"),
            scored("b", 0.2), scored("a", 0.7)]  # fmt: skip
    out = report_rows(rows, S(0.5))
    kinds = [r.group.name if isinstance(r, Section) else r[1].path.name for r in out]
    assert kinds == ["a", "b", "OUT_OF_SCOPE", "knee", "ERROR", "bad.png"]
    assert [r[0] for r in out if not isinstance(r, Section)] == [1, 2, None, None]


def test_columns_to_hide_drops_least_useful_first():
    widths = {c: 100 for c in Column if c is not Column.FILE}  # 8 optional/fixed columns
    assert columns_to_hide(widths, available=8 * 100 + 150, file_min=150) == set()
    # one column short: the reader's-call column goes first, then the study date, the patient
    assert columns_to_hide(widths, available=8 * 100 + 149, file_min=150) == {Column.READ}
    assert columns_to_hide(widths, available=6 * 100 + 150, file_min=150) == {
        Column.READ,
        Column.STUDY_DATE,
    }
    # never the required ones, however narrow
    hidden = columns_to_hide(widths, available=10, file_min=150)
    assert hidden == set(HIDE_ORDER)
    assert not hidden & REQUIRED_COLUMNS


def test_fit_widths_narrows_the_label_before_the_file_name():
    widths = {Column.PROBABILITY: 100, Column.LABEL: 150, Column.FLAGS: 50}
    hidden, sized = fit_widths(widths, available=450, file_min=150, label_min=80)
    assert hidden == set() and sized == widths  # it fits as it is
    hidden, sized = fit_widths(widths, available=350, file_min=150, label_min=80)
    assert hidden == {Column.FLAGS} and sized == {Column.PROBABILITY: 100, Column.LABEL: 100}
    _, sized = fit_widths(widths, available=300, file_min=150, label_min=80)
    assert sized[Column.LABEL] == 80  # never below the label's own minimum
    kept = {**widths, Column.READ: 60}
    hidden, sized = fit_widths(kept, 450, 150, frozenset({Column.READ}), label_min=80)
    assert not hidden and sized[Column.LABEL] == 90  # kept, and the flags: the label narrows
    hidden, sized = fit_widths(kept, 400, 150, frozenset({Column.READ}), label_min=80)
    assert hidden == {Column.READ} and sized[Column.LABEL] == 100  # then the flags win
    hidden, sized = fit_widths(kept, 300, 150, frozenset({Column.READ}), label_min=80)
    assert Column.READ in hidden and sum(sized.values()) + 150 <= 330  # the file name wins


def test_fit_widths_gives_a_whole_file_name_before_the_patient_and_date():
    widths = {Column.PROBABILITY: 100, Column.LABEL: 100, Column.LIKELY_TYPE: 80,
              Column.FLAGS: 60, Column.PATIENT: 120, Column.STUDY_DATE: 90}  # fmt: skip
    # room for every column with a 150 px file name, but not with a whole (250 px) one
    hidden, _ = fit_widths(widths, 700, 150, file_want=250)
    assert hidden == {Column.STUDY_DATE, Column.PATIENT}
    assert fit_widths(widths, 700, 150)[0] == set()  # without it, all of them show
    # the type is worth more than a whole name: it stays while the name is merely elided
    hidden, _ = fit_widths(widths, 500, 150, file_want=250)
    assert Column.LIKELY_TYPE not in hidden and Column.FLAGS not in hidden
    assert fit_widths(widths, 1000, 150, file_want=250)[0] == set()  # a wide table: everything
    # rows with patients: the patient column holds its place, the study date still gives way
    hidden, _ = fit_widths(
        widths, 700, 150, file_want=250, worth_a_name=frozenset({Column.PATIENT})
    )
    assert hidden == {Column.STUDY_DATE}


def test_fit_widths_narrows_flags_and_kept_columns_before_hiding_them():
    widths = {Column.PROBABILITY: 116, Column.LABEL: 144, Column.LIKELY_TYPE: 98,
              Column.FLAGS: 62, Column.READ: 91}  # fmt: skip
    mins = {Column.PROBABILITY: 70, Column.FLAGS: 42, Column.READ: 62}
    keep = frozenset({Column.READ})
    # French at 1366: the likely type goes, the flags and the reader's call stay (label narrows)
    hidden, sized = fit_widths(widths, 545, 140, keep, 85, mins)
    assert hidden == {Column.LIKELY_TYPE} and sum(sized.values()) + 140 == 545
    assert sized[Column.FLAGS] == 62 and sized[Column.READ] == 91 and sized[Column.LABEL] == 136
    # 1024: everything narrows to its minimum, nothing else is hidden
    hidden, sized = fit_widths(widths, 70 + 85 + 42 + 62 + 130, 130, keep, 85, mins)
    assert hidden == {Column.LIKELY_TYPE}
    assert sized == {Column.PROBABILITY: 70, Column.LABEL: 85, Column.FLAGS: 42, Column.READ: 62}
    # narrower still: the reader's call goes before the flags
    hidden, _ = fit_widths(widths, 70 + 85 + 42 + 130, 130, keep, 85, mins)
    assert hidden == {Column.LIKELY_TYPE, Column.READ}
