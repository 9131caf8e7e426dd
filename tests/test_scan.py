"""Folder scanning: laziness, order, hidden files, symlink loops, content sniffing, DICOMDIR."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from pydicom.fileset import FileSet
from pydicom.uid import generate_uid

from inference.core.types import FailureKind, LoadFailure
from inference.imaging import walk as scan
from inference.imaging.sniff import HEAD_BYTES, sniff_format
from inference.imaging.walk import ScanStats, iter_images, scan_summary

CANINE = "dicom/highdicom/non_chest/dx_image_canine_lateral_thorax.dcm"
GDCM_CHEST = "dicom/dcmbench/gdcm-CR-MONO1-10-chest.dcm"
NO_PREAMBLE = "dicom/dcmfx/fo-dicom_CR-MONO1-10-chest_no-preamble.dcm"
PNG = cv2.imencode(".png", np.full((4, 4), 128, np.uint8))[1].tobytes()


def _png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)
    return path


def _paths(items: list) -> list[Path]:
    return [i for i in items if isinstance(i, Path)]


def _failures(items: list) -> list[LoadFailure]:
    return [i for i in items if isinstance(i, LoadFailure)]


def test_stable_order_files_first_then_subfolders(tmp_path: Path) -> None:
    for name in ["b.png", "A.png", "c.png", "sub/d.png", "a2.png", "Sub2/e.png", "sub/0.png"]:
        _png(tmp_path / name)
    got = [p.relative_to(tmp_path).as_posix() for p in _paths(list(iter_images(tmp_path)))]
    assert got == ["A.png", "a2.png", "b.png", "c.png", "sub/0.png", "sub/d.png", "Sub2/e.png"]
    assert got == [p.relative_to(tmp_path).as_posix() for p in iter_images(tmp_path)]


def test_hidden_and_system_files_are_skipped(tmp_path: Path) -> None:
    keep = _png(tmp_path / "keep.png")
    for name in [
        ".hidden.png",
        "._keep.png",
        "Thumbs.db",
        "desktop.ini",
        ".DS_Store",
        "__MACOSX/x.png",
    ]:
        _png(tmp_path / name)
    _png(tmp_path / ".git" / "inside.png")
    stats = ScanStats()
    assert list(iter_images(tmp_path, stats)) == [keep]
    assert stats.hidden == 7 and stats.images == 1 and stats.non_images == 0
    assert "7 hidden/system items" in scan_summary(stats)


def test_content_wins_over_extension(tmp_path: Path, shared_data: Path) -> None:
    shutil.copy(shared_data / CANINE, tmp_path / "IM0001")  # extensionless DICOM
    shutil.copy(shared_data / NO_PREAMBLE, tmp_path / "IM0002")  # no preamble, no extension
    _png(tmp_path / "really_a_png.txt")
    (tmp_path / "fake.jpg").write_text("not a jpeg")
    (tmp_path / "empty.png").touch()
    (tmp_path / "notes.txt").write_text("report")
    (tmp_path / "table.csv").write_text("a,b\n")
    stats = ScanStats()
    items = list(iter_images(tmp_path, stats))
    assert [p.name for p in _paths(items)] == ["IM0001", "IM0002", "really_a_png.txt"]
    failures = {f.path.name: f for f in _failures(items)}
    assert failures["fake.jpg"].kind is FailureKind.NOT_AN_IMAGE
    assert failures["empty.png"].kind is FailureKind.EMPTY
    assert set(failures) == {"fake.jpg", "empty.png"}
    assert stats.non_images == 2 and stats.failures == 2 and stats.images == 3
    assert scan_summary(stats) == "3 images, 2 problems; skipped 2 non-image files"
    assert {s.path.name for s in stats.skipped} == {"notes.txt", "table.csv"}


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    _png(tmp_path / "a.png")
    _png(tmp_path / "sub" / "b.png")
    try:
        (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
        (tmp_path / "link.png").symlink_to(tmp_path / "a.png")
    except OSError:
        pytest.skip("symlinks not permitted here")
    stats = ScanStats()
    got = list(iter_images(tmp_path, stats))
    assert [p.relative_to(tmp_path).as_posix() for p in got] == ["a.png", "sub/b.png"]
    assert stats.duplicates == 1


def test_walk_is_lazy_in_a_big_flat_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(2000):
        (tmp_path / f"f{i:04d}.png").write_bytes(PNG)
    opened: list[Path] = []
    real = scan.read_head

    def counting(path: Path, n: int = HEAD_BYTES) -> bytes:
        opened.append(path)
        return real(path, n)

    monkeypatch.setattr(scan, "read_head", counting)
    it = iter_images(tmp_path)
    assert next(it) == tmp_path / "f0000.png"
    assert len(opened) == 1  # only the first file was looked at
    assert sum(1 for _ in it) == 1999


def test_walk_is_lazy_across_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _png(tmp_path / "a" / "first.png")
    for i in range(2000):
        _png(tmp_path / "b" / f"{i:04d}.png")
    listed: list[str] = []
    real = os.scandir

    def recording(path):  # type: ignore[no-untyped-def]
        listed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(scan.os, "scandir", recording)
    it = iter_images(tmp_path)
    assert next(it) == tmp_path / "a" / "first.png"
    assert "b" not in listed
    assert len(list(it)) == 2000


def test_unreadable_folder_and_file_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _png(tmp_path / "locked" / "x.png")
    _png(tmp_path / "open" / "y.png")
    _png(tmp_path / "z.jpg")
    real_scandir, real_head = os.scandir, scan.read_head

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
        if path.name == "z.jpg":
            raise PermissionError(13, "Permission denied")
        return real_head(path, n)

    monkeypatch.setattr(scan.os, "scandir", scandir)
    monkeypatch.setattr(scan, "read_head", read_head)
    items = list(iter_images(tmp_path))
    assert _paths(items) == [tmp_path / "open" / "y.png"]
    failures = {f.path.name: f for f in _failures(items)}
    assert failures["locked"].kind is FailureKind.UNREADABLE
    assert failures["locked"].message == "cannot open the folder: permission denied"
    assert failures["z.jpg"].message == "cannot read the file: permission denied"


def test_list_of_files_and_folders(tmp_path: Path) -> None:
    one = _png(tmp_path / "one.png")
    _png(tmp_path / "dir" / "two.png")
    text = tmp_path / "chosen.txt"
    text.write_text("the user picked this explicitly")
    items = list(iter_images([one, tmp_path / "dir", text, tmp_path / "missing.png", one]))
    assert _paths(items) == [one, tmp_path / "dir" / "two.png"]  # `one` only once
    kinds = [(f.path.name, f.kind) for f in _failures(items)]
    assert kinds == [
        ("chosen.txt", FailureKind.NOT_AN_IMAGE),
        ("missing.png", FailureKind.NOT_FOUND),
    ]
    assert list(iter_images(str(one))) == [one]


def _dicomdir_tree(root: Path, shared_data: Path) -> FileSet:
    fs = FileSet()
    for rel in (GDCM_CHEST, CANINE):
        ds = pydicom.dcmread(shared_data / rel)
        defaults = {
            "PatientID": "P1",
            "PatientName": "Test^One",
            "StudyInstanceUID": generate_uid(),
            "SeriesInstanceUID": generate_uid(),
            "StudyDate": "20200101",
            "StudyTime": "120000",
            "StudyID": "1",
            "AccessionNumber": "A1",
            "SeriesNumber": 1,
            "InstanceNumber": 1,
        }
        for key, value in defaults.items():
            if not ds.get(key):
                setattr(ds, key, value)
        fs.add(ds)
    fs.write(root)
    return fs


def test_dicomdir_is_honoured_without_double_yield(tmp_path: Path, shared_data: Path) -> None:
    root = tmp_path / "export"
    _dicomdir_tree(root, shared_data)
    extra = _png(root / "zz_extra.png")
    listed = [Path(inst.path) for inst in FileSet(root / "DICOMDIR")]
    assert len(listed) == 2 and all(p.suffix == "" for p in listed)
    stats = ScanStats()
    items = list(iter_images(root, stats))
    assert items == [*listed, extra]  # DICOMDIR order first, each file once, DICOMDIR itself not
    assert stats.images == 3 and stats.duplicates == 0
    assert any(s.reason.startswith("DICOMDIR index") for s in stats.skipped)
    assert list(iter_images(root / "DICOMDIR")) == listed  # the index file picked by itself


@pytest.mark.filterwarnings("ignore:The referenced SOP Instance")
def test_dicomdir_with_a_missing_file(tmp_path: Path, shared_data: Path) -> None:
    root = tmp_path / "export"
    _dicomdir_tree(root, shared_data)
    listed = [Path(inst.path) for inst in FileSet(root / "DICOMDIR")]
    listed[0].unlink()
    items = list(iter_images(root))
    assert _paths(items) == [listed[1]]
    (failure,) = _failures(items)
    assert (
        failure.kind is FailureKind.NOT_FOUND
        and failure.message == "listed in the DICOMDIR but missing"
    )


def test_damaged_dicomdir_does_not_stop_the_walk(tmp_path: Path) -> None:
    (tmp_path / "DICOMDIR").write_bytes(b"\x00" * 300)
    img = _png(tmp_path / "a.png")
    items = list(iter_images(tmp_path))
    assert _paths(items) == [img]
    (failure,) = _failures(items)
    assert failure.kind is FailureKind.CORRUPT and "DICOMDIR" in failure.message


def test_sniff_format(shared_data: Path) -> None:
    def head(rel: str) -> bytes:
        return (shared_data / rel).read_bytes()[:HEAD_BYTES]

    assert sniff_format(head(CANINE)) == "dicom"
    assert sniff_format(head(NO_PREAMBLE)) == "dicom"
    rle = head("dicom/nema-compsamples/non_chest/RG2_RLE.dcm")
    assert rle[:4] == b"II*\x00" and sniff_format(rle) == "dicom"  # TIFF header in the preamble
    assert sniff_format(PNG) == "png"
    assert sniff_format(b"\xff\xd8\xff\xe0" + bytes(20)) == "jpeg"
    assert sniff_format(b"MM\x00*" + bytes(20)) == "tiff"
    assert sniff_format(cv2.imencode(".bmp", np.zeros((2, 2), np.uint8))[1].tobytes()) == "bmp"
    assert sniff_format(b"BMW owners manual") is None
    assert sniff_format(b"hello world") is None and sniff_format(b"") is None
    assert sniff_format(b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100") == "dicom"  # explicit VR
    assert sniff_format(b"\x08\x00\x16\x00\x1a\x00\x00\x001.2.840") == "dicom"  # implicit VR
    assert sniff_format(b"\x08\x00\x16\x00\xff\xff\xff\x7f") is None


def test_summary_wording() -> None:
    assert scan_summary(ScanStats(images=1)) == "1 image"
    stats = ScanStats(images=2, failures=1, non_images=1, hidden=2, duplicates=1)
    assert stats.summary() == (
        "2 images, 1 problem; skipped 1 non-image file, 2 hidden/system items, 1 repeated folder"
    )


@pytest.mark.filterwarnings("ignore:The referenced SOP Instance")
def test_dicomdir_file_ids_matched_ignoring_case(tmp_path: Path, shared_data: Path) -> None:
    """A CD written with upper-case IDs but mounted with lower-case names still works."""
    root = tmp_path / "export"
    _dicomdir_tree(root, shared_data)
    listed = [Path(inst.path) for inst in FileSet(root / "DICOMDIR")]
    lower = listed[0].with_name(listed[0].name.lower())
    listed[0].rename(lower)
    items = list(iter_images(root))
    assert items == [listed[1], lower]


def test_a_bug_on_one_file_does_not_stop_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _png(tmp_path / "a.png"), _png(tmp_path / "b.png")
    real = scan.sniff_format

    def flaky(head: bytes) -> str | None:
        if flaky.calls == 0:  # type: ignore[attr-defined]
            flaky.calls += 1  # type: ignore[attr-defined]
            raise RuntimeError("boom")
        return real(head)

    flaky.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(scan, "sniff_format", flaky)
    items = list(iter_images([tmp_path, tmp_path / "bad\0name.png"]))
    assert isinstance(items[0], LoadFailure) and items[0].path == first
    assert items[0].kind is FailureKind.INTERNAL and "boom" in items[0].message
    assert items[1] == second
    assert isinstance(items[2], LoadFailure) and items[2].kind is FailureKind.NOT_FOUND
