"""Qt pieces in isolation with synthetic results: table model, proxy, delegate, view, settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter
from PySide6.QtWidgets import QTableView

from app.core import style
from app.core.settings import AppSettings
from app.viewer.details_panel import DetailsPanel
from app.viewer.display_image import DisplayImage, make_overlay
from app.viewer.image_view import ImageView
from app.worklist.worklist_delegate import ProbabilityDelegate
from app.worklist.worklist_logic import Column, FilterMode
from app.worklist.worklist_model import (
    PROBABILITY_ROLE,
    RESULT_ROLE,
    WorklistModel,
)
from app.worklist.worklist_proxy import WorklistProxy
from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from inference.triage.worklist import TriageSettings

pytestmark = pytest.mark.usefixtures("private_qsettings")


def make_results() -> list[TriageResult]:
    probs = [0.2, 0.9, 0.55, 0.05, 0.7]
    out = []
    for i, p in enumerate(probs):
        out.append(
            TriageResult(
                path=Path(f"/scan/img{i}.png"),
                index=i,
                metadata={"patient_id": f"P{i}"},
                pneumonia_prob=p,
                class_probs={"normal": 1 - p, "bacterial": p * 0.6, "viral": p * 0.4},
                flags={Flag.SMALL} if i == 3 else set(),
                cam=np.eye(14, dtype=np.float32),
            )
        )
    bad = Path("/scan/broken.dcm")
    out.append(
        TriageResult(path=bad, index=5, error=LoadFailure(bad, FailureKind.TRUNCATED, "ends early"))
    )
    return out


@pytest.fixture
def worklist(qtbot) -> tuple[WorklistModel, WorklistProxy]:
    model = WorklistModel(0.5)
    proxy = WorklistProxy()
    proxy.setSourceModel(model)
    model.append(make_results()[:3])
    model.append(make_results()[3:])
    return model, proxy


def proxy_files(proxy: WorklistProxy) -> list[str]:
    return [proxy.index(r, Column.FILE).data() for r in range(proxy.rowCount())]


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
@pytest.mark.parametrize("target", ["model", "proxy"])
def test_models_pass_qabstractitemmodeltester(qtmodeltester, worklist, target, force_py) -> None:
    """Qt's C++ QAbstractItemModelTester and pytest-qt's port, each on its own (one fixture
    instance follows one model), stay attached while rows arrive, labels change and it clears."""
    model, proxy = worklist
    qtmodeltester.check(model if target == "model" else proxy, force_py=force_py)
    model.append(make_results()[:2])
    model.set_threshold(0.3)
    proxy.set_mode(FilterMode.ABOVE_THRESHOLD)
    model.append(make_results()[2:])
    proxy.set_query("img")
    model.set_settings(TriageSettings(0.3, rank_out_of_scope=True))
    proxy.set_mode(FilterMode.OUT_OF_SCOPE)
    model.clear()


def test_risk_sorted_by_default_errors_last(worklist) -> None:
    _, proxy = worklist
    assert proxy_files(proxy) == [
        "img1.png", "img4.png", "img2.png", "img0.png", "img3.png", "broken.dcm",
    ]  # fmt: skip
    probs = [proxy.index(r, 0).data(PROBABILITY_ROLE) for r in range(proxy.rowCount())]
    assert probs[:-1] == sorted(probs[:-1], reverse=True) and probs[-1] is None


def test_out_of_scope_rows_group_after_ranked_ones_greyed(worklist) -> None:
    model, proxy = worklist
    photo = TriageResult(
        path=Path("/scan/photo.jpg"), index=7, pneumonia_prob=0.9998,
        class_probs={"normal": 0.0002, "bacterial": 0.9, "viral": 0.0998}, flags={Flag.COLOUR},
    )  # fmt: skip
    model.append([photo])
    files = proxy_files(proxy)
    assert files[-2:] == ["photo.jpg", "broken.dcm"]  # after every ranked image, before errors
    row = files.index("photo.jpg")
    label = proxy.index(row, Column.LABEL)
    assert label.data() == "out of scope: colour photo"
    assert label.data(Qt.ItemDataRole.ForegroundRole).color() == style.SCOPE_COLOR
    assert proxy.index(row, Column.LIKELY_TYPE).data() == ""
    assert "Not ranked" in proxy.index(row, Column.PROBABILITY).data(Qt.ItemDataRole.ToolTipRole)
    proxy.set_mode(FilterMode.OUT_OF_SCOPE)
    assert proxy_files(proxy) == ["photo.jpg"]
    proxy.set_mode(FilterMode.ALL)
    # a site that ranks them anyway: back in risk order, labelled, flagged in the label
    model.set_settings(TriageSettings(0.5, rank_out_of_scope=True))
    assert proxy_files(proxy)[0] == "photo.jpg"
    assert proxy.index(0, Column.LABEL).data() == "pneumonia (out of scope: colour photo)"
    assert model.summary().out_of_scope == 1


def test_rows_appended_later_are_sorted_in(worklist) -> None:
    model, proxy = worklist
    late = TriageResult(path=Path("/scan/late.png"), index=9, pneumonia_prob=0.95)
    model.append([late])
    assert proxy_files(proxy)[0] == "late.png"


def test_filters_and_search(worklist) -> None:
    model, proxy = worklist
    proxy.set_mode(FilterMode.ABOVE_THRESHOLD)
    assert proxy_files(proxy) == ["img1.png", "img4.png", "img2.png"]
    proxy.set_mode(FilterMode.FLAGGED)
    assert proxy_files(proxy) == ["img3.png"]
    proxy.set_mode(FilterMode.ERRORS)
    assert proxy_files(proxy) == ["broken.dcm"]
    proxy.set_mode(FilterMode.ALL)
    proxy.set_query("p4")
    assert proxy_files(proxy) == ["img4.png"]
    proxy.set_query("ends early")
    assert proxy_files(proxy) == ["broken.dcm"]
    proxy.set_query("")
    assert proxy.rowCount() == model.rowCount()


def test_threshold_change_relabels_and_refilters(qtbot, worklist) -> None:
    model, proxy = worklist
    proxy.set_mode(FilterMode.ABOVE_THRESHOLD)
    row_of_img0 = model.row_of(next(r for r in model.results() if r.path.name == "img0.png"))
    label = model.index(row_of_img0, Column.LABEL)
    assert label.data() == "normal"
    with qtbot.waitSignal(model.dataChanged):
        model.set_threshold(0.15)
    assert label.data() == "pneumonia"
    assert model.index(row_of_img0, Column.LIKELY_TYPE).data() == "bacterial"
    assert proxy_files(proxy) == ["img1.png", "img4.png", "img2.png", "img0.png"]
    model.set_threshold(0.95)
    assert proxy.rowCount() == 0


def test_result_role_and_error_tooltip(worklist) -> None:
    model, proxy = worklist
    last = proxy.index(proxy.rowCount() - 1, Column.STATUS)
    assert last.data(RESULT_ROLE).error.kind is FailureKind.TRUNCATED
    assert "ends early" in last.data(Qt.ItemDataRole.ToolTipRole)
    assert proxy.result_at(0).path.name == "img1.png"
    assert proxy.proxy_row_of(model.result(0)) == 3


def test_probability_delegate_paints_a_bar(qtbot, worklist) -> None:
    model, proxy = worklist
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setItemDelegateForColumn(Column.PROBABILITY, ProbabilityDelegate(model, table))
    table.resize(700, 300)
    table.setColumnWidth(Column.PROBABILITY, 140)
    table.show()
    qtbot.waitExposed(table)
    image = table.viewport().grab().toImage()
    rect = table.visualRect(proxy.index(0, Column.PROBABILITY))  # 90%: orange bar
    y = rect.center().y()
    colors = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())}
    assert "#e87026" in colors  # style.RISK_HIGH


def synthetic_display(raw: bool = True) -> DisplayImage:
    _, xx = np.mgrid[0:200, 0:300]
    values = (xx * 10.0 + 1000.0).astype(np.float32)
    base = ((xx / 299.0) * 255).astype(np.uint8)
    return DisplayImage(
        path=Path("/scan/x.dcm"),
        base=base,
        values=values if raw else base,
        default_window=(2500.0, 3000.0) if raw else (127.5, 255.0),
        span=(1000.0, 3990.0) if raw else (0.0, 255.0),
        invert_values=False,
        has_raw=raw,
        original_size=(200, 300),
    )


def mouse(view: ImageView, kind: QMouseEvent.Type, x: float, button: Qt.MouseButton) -> QMouseEvent:
    """A synthetic mouse event at (x, 100) of the viewport; buttons held = right during a drag."""
    pos = QPointF(x, 100)
    held = (
        Qt.MouseButton.NoButton
        if kind == QMouseEvent.Type.MouseButtonRelease
        else Qt.MouseButton.RightButton
    )
    return QMouseEvent(
        kind, pos, view.viewport().mapToGlobal(pos), button, held, Qt.KeyboardModifier.NoModifier
    )


def test_image_view_overlay_toggle_window_level_and_zoom(qtbot) -> None:
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    display = synthetic_display()
    view.set_image(display, make_overlay(np.ones((14, 14), np.float32), display.shape))
    assert view.overlay_shown()
    with qtbot.waitSignal(view.overlayVisibilityChanged):
        view.toggle_overlay()
    assert not view.overlay_shown()
    view.toggle_overlay()
    view.set_overlay_opacity(0.25)
    assert view.overlay_opacity == 0.25

    # right-drag to the right widens the window: less contrast across the gradient
    before = view.rendered_pixels().copy()
    view.mousePressEvent(
        mouse(view, QMouseEvent.Type.MouseButtonPress, 100, Qt.MouseButton.RightButton)
    )
    view.mouseMoveEvent(mouse(view, QMouseEvent.Type.MouseMove, 250, Qt.MouseButton.NoButton))
    release = mouse(view, QMouseEvent.Type.MouseButtonRelease, 250, Qt.MouseButton.RightButton)
    with qtbot.waitSignal(view.windowChanged):
        view.mouseReleaseEvent(release)
    assert view.window is not None and view.window[1] > display.default_window[1]
    after = view.rendered_pixels()
    assert np.ptp(after.astype(int)) < np.ptp(before.astype(int))
    view.reset_window()
    assert view.window is None and np.array_equal(view.rendered_pixels(), display.base)

    view.set_inverted(True)
    assert np.array_equal(view.rendered_pixels(), 255 - display.base)
    view.set_inverted(False)

    view.fit()
    fitted = view.zoom()
    view.zoom_by(2.0)
    assert view.zoom() == pytest.approx(fitted * 2.0)
    view.actual_size()
    assert view.zoom() == pytest.approx(1.0)
    view.clear("gone")
    assert view.display is None and not view.overlay_shown()


def test_image_view_paints_heatmap_colours(qtbot) -> None:
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    display = synthetic_display(raw=False)
    display.base[:] = 128
    view.set_image(display, make_overlay(np.ones((14, 14), np.float32), display.shape))
    view.set_overlay_opacity(1.0)
    img = view.viewport().grab().toImage()
    c = img.pixelColor(150, 100)
    assert abs(c.red() - c.blue()) > 40  # coloured, not grey
    view.set_overlay_visible(False)
    img = view.viewport().grab().toImage()
    c = img.pixelColor(150, 100)
    assert abs(c.red() - c.blue()) < 5


def test_details_panel_shows_probability_flags_and_disclaimer(qtbot) -> None:
    panel = DetailsPanel()
    qtbot.addWidget(panel)
    r = make_results()[3]  # 5 %, flagged SMALL
    panel.show_result(r, TriageSettings(0.5), 0.5)
    assert panel.prob_value.text() == "5.0%"
    assert "Below" in panel.verdict.text()
    assert "low resolution" in panel.flags_label.text()
    assert "not a diagnosis" in panel.disclaimer.text()
    assert "model default" in panel.threshold_label.text()
    panel.show_result(r, TriageSettings(0.03), 0.5)
    assert "At or above" in panel.verdict.text() and "custom" in panel.threshold_label.text()
    panel.show_result(make_results()[-1], TriageSettings(0.5), 0.5)
    assert "ends early" in panel.error_label.text()


def test_details_panel_out_of_scope_row_is_greyed_with_a_caution(qtbot) -> None:
    panel = DetailsPanel()
    qtbot.addWidget(panel)
    knee = TriageResult(
        path=Path("/scan/knee.dcm"),
        index=0,
        metadata={"body_part": "KNEE", "modality": "CR"},
        pneumonia_prob=0.99,
        class_probs={"normal": 0.01, "bacterial": 0.5, "viral": 0.49},
        flags={Flag.NOT_CHEST},
    )
    panel.show_result(knee, TriageSettings(0.5), 0.5)
    text = panel.verdict.text()
    assert "Out of scope" in text and "not a chest study" in text and "Not ranked" in text
    assert "no pneumonia score" in text and panel.prob_value.text() == "—"  # issue 22: no number
    assert "At or above" not in text and "likely" not in text
    assert style.OUT_OF_SCOPE_COLOR.name() in panel.prob_value.styleSheet()
    assert not panel.classes_box.isVisible()
    panel.show_result(knee, TriageSettings(0.5, rank_out_of_scope=True), 0.5)
    assert "Ranked with the others anyway" in panel.verdict.text()


def test_settings_round_trip(tmp_path: Path) -> None:
    ini = tmp_path / "s.ini"
    s = AppSettings.at_path(ini)
    s.set_threshold(0.31, "sha-1")
    s.overlay_opacity = 0.7
    s.overlay_visible = False
    s.theme = "dark"
    s.add_recent_folder("/a")
    s.add_recent_folder("/b")
    s.last_export_dir = "/exports"
    s.sync()
    t = AppSettings.at_path(ini)
    assert t.threshold_for("sha-1", 0.5) == pytest.approx(0.31)
    assert t.threshold_for("sha-2", 0.5) == 0.5  # another model: its own default
    assert t.overlay_opacity == pytest.approx(0.7)
    assert t.overlay_visible is False
    assert t.theme == "dark"
    assert t.recent_folders == ["/b", "/a"] and t.last_folder == "/b"
    assert t.last_export_dir == "/exports"
    t.reset_threshold()
    assert t.threshold_for("sha-1", 0.5) == 0.5
    with pytest.raises(ValueError):
        t.set_threshold(1.0, "sha-1")


def test_settings_survive_garbage(tmp_path: Path) -> None:
    ini = tmp_path / "bad.ini"
    ini.write_text("[overlay]\nopacity=banana\n[ui]\ntheme=neon\n[folders]\nrecent=not json\n")
    s = AppSettings.at_path(ini)
    assert s.overlay_opacity == 0.45 and s.theme == "light" and s.recent_folders == []


def test_gray_qimage_shares_or_copies() -> None:
    from app.viewer.qt_convert import gray_qimage, qimage_to_rgb, rgb_qimage

    a = np.arange(12, dtype=np.uint8).reshape(3, 4)
    img = gray_qimage(a)
    assert (img.width(), img.height()) == (4, 3) and img.pixelColor(1, 0).red() == 1
    rgb = np.zeros((2, 2, 3), np.uint8)
    rgb[0, 1] = (255, 0, 0)
    back = qimage_to_rgb(rgb_qimage(rgb))
    assert back[0, 1].tolist() == [255, 0, 0]
    assert isinstance(rgb_qimage(a), QImage)


def test_heatmap_legend_renders(qtbot) -> None:
    from app.viewer.heatmap_legend import HeatmapLegend

    legend = HeatmapLegend()
    qtbot.addWidget(legend)
    legend.resize(200, 40)
    img = QImage(200, 40, QImage.Format.Format_ARGB32)
    img.fill(0)
    painter = QPainter(img)
    legend.render(painter, QPoint(0, 0))
    painter.end()
    right = img.pixelColor(195, 5)
    assert right.red() > 100 and right.blue() < 100  # turbo's warm end


def test_pyside_does_not_leak_none_references(qtbot) -> None:
    """PySide6 6.12.0 drops a reference to None on every void call under Python 3.11 and a viewer
    session aborts with 'none_dealloc' after a few thousand paints; pyproject pins 6.11.3, which
    does not. This guards the pin: 20,000 void calls must leave None's count where it was."""
    import sys

    img = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.end()
    drift = before - sys.getrefcount(None)
    assert abs(drift) < 100, f"None lost {drift} references over 20,000 QPainter calls"
