"""Render the viewer's main states offscreen into docs/screenshots/ (for docs and visual checks).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py [--out DIR] [--quick]

States: empty window, a scan in progress, results with the heatmap, a mixed clinic folder (the
worklist grouped into ranked / out of scope / errors, and the details of an out-of-scope row), an
error row and the About box (model card) at 1366x768 (light); results and an error row in the dark theme; results at
2560x1440. ``--day`` renders the clinician's-day set and ``--provisional`` a provisional site
calibration (fitted from 12 reads) at 1024x600, 1366x768 and 1920x1080. Uses the bundled model and samples, plus ../shared/data when it is present (a long
scan to catch mid-way and to fill the large screen, a DICOM). Settings go to a temporary
folder, so the user's preferences are untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.core import style  # noqa: E402
from app.core.settings import AppSettings  # noqa: E402
from app.gui import make_application  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from inference.core.paths import samples_dir  # noqa: E402

SHARED = REPO.parent / "shared" / "data"


def wait_until(app: QApplication, cond: Callable[[], bool], timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle(app: QApplication, ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


@contextmanager
def work_folder(name: str) -> Iterator[Path]:
    """A fresh folder with a fixed name under the system's temp folder (removed after): the
    paths the shots show stay the same from run to run, so a re-run changes only what changed."""
    folder = Path(tempfile.gettempdir()) / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_colour_photo(path: Path) -> None:
    """A colour photo of circles (the same every run): an image the model was not made for."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(3)
    photo = np.full((480, 640, 3), 235, np.uint8)
    for _ in range(25):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        centre = (int(rng.integers(0, 640)), int(rng.integers(0, 480)))
        cv2.circle(photo, centre, int(rng.integers(20, 110)), colour, -1)
    cv2.imwrite(str(path), photo)


def close_window(app: QApplication, window: QWidget) -> None:
    """Close a shot's window the way the user does, stop its workers, and let Qt delete it."""
    window.close()
    window.shutdown()
    window.deleteLater()
    settle(app, 100)


def save(window: QWidget, path: Path) -> None:
    """Grab the window and write it as an optimised PNG (lossless: palettes posterise X-rays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".raw.png")
    if not window.grab().save(str(tmp)):
        raise OSError(f"could not write {tmp}")
    with Image.open(tmp) as im:
        im.convert("RGB").save(path, optimize=True)
    tmp.unlink()
    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  "
          f"{path.stat().st_size // 1024} KiB")  # fmt: skip


def new_window(app: QApplication, tmp: Path, theme: str, size: tuple[int, int]) -> MainWindow:
    settings = AppSettings.at_path(tmp / f"settings-{theme}-{size[0]}.ini")
    settings.theme = theme
    style.apply_theme(app, theme)
    window = MainWindow(settings)
    window.resize(*size)
    window.show()
    wait_until(app, lambda: window.session is not None or window.model_error is not None)
    return window


def scan_and_wait(app: QApplication, window: MainWindow, sources: list[Path]) -> None:
    done: list[bool] = []
    window.scanFinished.connect(lambda _o: done.append(True))
    window.open_sources(sources)
    wait_until(app, lambda: bool(done))


def show_top_image(app: QApplication, window: MainWindow) -> None:
    window.select_row(0)
    wait_until(
        app, lambda: window.view.display is not None and window.full_image_result() is not None
    )
    settle(app)


def capture_mid_scan(app: QApplication, window: MainWindow, folder: Path, out: Path) -> None:
    """Start a long scan, save the window once ~40 rows are in and an image shows, cancel."""
    arrived: list[int] = []
    window.scanner.resultsArrived.connect(lambda r: arrived.append(len(r)))
    window.open_sources([folder])
    wait_until(app, lambda: sum(arrived) >= 40 and window.full_image_result() is not None)
    settle(app, 200)
    save(window, out)
    done: list[bool] = []
    window.scanFinished.connect(lambda _o: done.append(True))
    window.act_cancel.trigger()
    wait_until(app, lambda: bool(done))


def bad_folder(tmp: Path) -> Path:
    folder = tmp / "ward-3-batch"
    folder.mkdir(exist_ok=True)
    for p in sorted(samples_dir().glob("*.jpeg"))[:5]:
        shutil.copy(p, folder / p.name)
    (folder / "empty-export.png").write_bytes(b"")
    (folder / "readme.jpg").write_text("not an image\n" * 10)
    data = sorted(samples_dir().glob("*.jpeg"))[6].read_bytes()
    (folder / "interrupted-copy.jpeg").write_bytes(data[: len(data) // 4])
    dicom = SHARED / "dicom" / "dcmbench" / "gdcm-CR-MONO1-10-chest.dcm"
    if dicom.is_file():
        shutil.copy(dicom, folder / "CR-chest.dcm")
    return folder


def mixed_folder(tmp: Path) -> Path:
    """A clinic folder mixing children's chest films with a hip, an adult and a lateral chest
    DICOM (tags as a PACS would send them) and a colour photo: the grouped worklist."""
    import pydicom

    folder = tmp / "clinic-mixed"
    folder.mkdir(exist_ok=True)
    for p in sorted(samples_dir().glob("*.jpeg"))[::2]:
        shutil.copy(p, folder / p.name)
    dicom = SHARED / "dicom"
    hip = dicom / "nema-compsamples" / "non_chest" / "RG2_RLE.dcm"
    siim = dicom / "torchxrayvision" / "1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"
    if hip.is_file():
        shutil.copy(hip, folder / "hip-CR.dcm")
    if siim.is_file():
        ds = pydicom.dcmread(siim)
        ds.save_as(folder / "adult-PA-chest.dcm")
        ds.PatientAge, ds.ViewPosition = "004Y", "LL"
        ds.save_as(folder / "lateral-chest.dcm")
    write_colour_photo(folder / "phone-photo.jpg")
    return folder


def clinician_day(app: QApplication, tmp: Path, out: Path) -> None:
    """Issue 22 states at 1024x600, 1366x768 and 1920x1080: the grouped worklist with reads, an
    out-of-scope row, a long DICOM name, a cancelled scan, and the PDF pages."""
    from app.export.export_pdf import render_preview

    mixed = mixed_folder(tmp)
    long_name = "gdcm-CR-MONO1-10-chest-exported-from-PACS-series-0001-" + "x" * 60 + ".dcm"
    dicom = SHARED / "dicom" / "dcmbench" / "gdcm-CR-MONO1-10-chest.dcm"
    if dicom.is_file():
        shutil.copy(dicom, mixed / long_name)
    for size in ((1024, 600), (1366, 768), (1920, 1080)):
        tag = f"{size[0]}x{size[1]}"
        window = new_window(app, tmp, "light", size)
        scan_and_wait(app, window, [mixed])
        show_top_image(app, window)
        for _ in range(2):
            window.act_read_normal.trigger()
        settle(app, 300)
        save(window, out / f"day-worklist-reads-{tag}.png")
        rows = [window.proxy.result_at(r) for r in range(window.proxy.rowCount())]
        oos = [i for i, r in enumerate(rows) if r.ok and r.path.name == "phone-photo.jpg"]
        if oos:
            window.select_row(oos[0])
            settle(app, 400)
            save(window, out / f"day-out-of-scope-{tag}.png")
        named = [i for i, r in enumerate(rows) if r.path.name == long_name]
        if named:
            window.select_row(named[0])
            settle(app, 400)
            save(window, out / f"day-long-dicom-name-{tag}.png")
        if size == (1366, 768):
            pages = render_preview(window.model.results(), window.report_info(), max_pages=3)
            for i, page in enumerate(pages, start=1):
                page.save(str(out / f"day-pdf-page{i}.png"))
        if (SHARED / "kermany-fullres").is_dir():
            arrived: list[int] = []
            window.scanner.resultsArrived.connect(lambda r, a=arrived: a.append(len(r)))
            done: list[bool] = []
            window.scanFinished.connect(lambda _o, d=done: d.append(True))
            window.open_sources([SHARED / "kermany-fullres"])
            wait_until(app, lambda a=arrived: sum(a) >= 30)
            window.act_cancel.trigger()
            wait_until(app, lambda d=done: bool(d))
            settle(app, 300)
            save(window, out / f"day-cancelled-{tag}.png")
            if size == (1366, 768):
                page = render_preview(window.model.results(), window.report_info(), 1)[0]
                page.save(str(out / "day-pdf-cancelled-page1.png"))
        close_window(app, window)


def provisional_site(app: QApplication, tmp: Path, out: Path) -> None:
    """Issue 22: a site calibration fitted from a small sample (6 + 6 films read by the nurse
    with N and P) is PROVISIONAL. The calibration dialog, then the window using that operating
    point, at 1024x600, 1366x768 and 1920x1080. Needs ../shared/data (kermany-fullres)."""

    source = SHARED / "kermany-fullres" / "train"
    if not source.is_dir():
        print("provisional: skipped (no ../shared/data/kermany-fullres)")
        return
    sample = tmp / "site-sample"
    for cls in ("NORMAL", "PNEUMONIA"):
        (sample / cls).mkdir(parents=True, exist_ok=True)
        for f in sorted((source / cls).glob("*.jpeg"))[:6]:
            shutil.copy(f, sample / cls / f.name)
    for size in ((1024, 600), (1366, 768), (1920, 1080)):
        tag = f"{size[0]}x{size[1]}"
        os.environ["CXR_TRIAGE_HOME"] = str(tmp / f"home-{tag}")  # no profile, no reads yet
        window = new_window(app, tmp, "light", size)
        scan_and_wait(app, window, [sample])
        for row in range(window.proxy.rowCount()):  # the nurse's reads, by keyboard action
            window.select_row(row)
            result = window.current_result()
            pneumonia = result is not None and result.path.parent.name == "PNEUMONIA"
            act = window.act_read_pneumonia if pneumonia else window.act_read_normal
            act.trigger()
        window.act_calibrate.trigger()
        wait_until(app, lambda w=window: w.site.calibration_dialog is not None)
        dialog = window.site.calibration_dialog
        settle(app, 400)
        if size == (1366, 768):  # the dialog's size does not follow the window's
            save(dialog, out / "provisional-calibration-dialog.png")
        dialog.accept()
        wait_until(app, lambda w=window: w.state.site_profile is not None)
        show_top_image(app, window)
        save(window, out / f"provisional-site-{tag}.png")
        close_window(app, window)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--quick", action="store_true", help="only the 1366x768 light set")
    parser.add_argument("--day", action="store_true", help="only the issue-22 clinician's-day set")
    parser.add_argument(
        "--provisional", action="store_true", help="only the provisional site calibration states"
    )
    args = parser.parse_args(argv)
    app = make_application(sys.argv[:1])
    with work_folder("cxr-triage-screenshots") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
        # site profiles and reads go to the temporary folder too, never the user's own
        os.environ["CXR_TRIAGE_HOME"] = str(tmp / "home")
        if args.provisional:
            provisional_site(app, tmp, args.out)
            return 0
        long_scan = SHARED / "kermany-fullres"
        if args.day:
            clinician_day(app, tmp, args.out)
            return 0
        every = {"empty", "scanning", "results", "mixed", "error", "about"}
        configs = [("light", (1366, 768), every)]
        if not args.quick:
            configs += [("dark", (1366, 768), {"results", "error"})]
            configs += [("light", (2560, 1440), {"results"})]
        for theme, size, states in configs:
            tag = f"{size[0]}x{size[1]}-{theme}"
            window = new_window(app, tmp, theme, size)
            settle(app)
            if "empty" in states:
                save(window, args.out / f"empty-{tag}.png")
            if "scanning" in states and long_scan.is_dir():
                capture_mid_scan(app, window, long_scan, args.out / f"scanning-{tag}.png")
            if "results" in states:
                big = size[0] > 2000 and long_scan.is_dir()  # a full worklist on a big screen
                scan_and_wait(app, window, [long_scan if big else samples_dir()])
                show_top_image(app, window)
                save(window, args.out / f"results-{tag}.png")
            if "mixed" in states and (SHARED / "dicom").is_dir():
                scan_and_wait(app, window, [mixed_folder(tmp)])
                show_top_image(app, window)
                save(window, args.out / f"grouped-worklist-{tag}.png")
                out_rows = [
                    r for r in range(window.proxy.rowCount())
                    if window.proxy.result_at(r).ok and window.proxy.result_at(r).path.suffix == ".dcm"
                ]  # fmt: skip
                window.select_row(out_rows[0])
                wait_until(app, lambda w=window: w.full_image_result() is not None)
                settle(app, 400)
                save(window, args.out / f"out-of-scope-details-{tag}.png")
            if "error" in states:
                scan_and_wait(app, window, [bad_folder(tmp)])
                errors = [
                    r for r in range(window.proxy.rowCount()) if not window.proxy.result_at(r).ok
                ]
                window.select_row(errors[0])
                window.log_dock.show()
                settle(app, 400)
                save(window, args.out / f"error-row-{tag}.png")
                window.log_dock.hide()
            if "about" in states:
                dialog = window.open_about()
                settle(app, 300)
                save(dialog, args.out / f"about-{tag}.png")
                dialog.close()
            close_window(app, window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
