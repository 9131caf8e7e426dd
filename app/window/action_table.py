"""Every action of the main window as data: its text, shortcut, menu, handler and its one
enabling rule (a pure function of ``TriageState`` from ``app.state.rules``). ``action_builder``
turns the table into QActions, menus and toolbars; nothing else creates the window's actions
(the Clinic menu's own actions live in ``clinic.py``).

Menus are filled in table order. A place is a menu title ("&File"), a submenu ("&View>Theme"),
and a leading "-" puts a separator before the action there. Toolbars are listed by id below.

Texts, tips and menu titles are English msgids marked with ``N_`` (gettext): the builder shows
them through ``_()`` and sets them again on a language change, so the whole window switches live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QStyle

from app.state import rules
from app.state.rules import Rule
from inference.core.i18n import N_
from inference.triage.site_reads import Read

Shortcut = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str  # the QAction is window.acts[id], also window.act_<id>
    text: str
    shortcut: Shortcut | tuple[Shortcut, ...] | None  # a tuple: the first one the platform has
    menu: tuple[str, ...]  # places, see the module docstring
    handler: Callable[..., object] | None  # None: a submenu its owner fills
    enabled_when: Rule
    tip: str = ""
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False  # handler gets the new state (toggled), except in a group
    group: str = ""  # exclusive group (the themes): the handler runs on triggered
    make: Callable[[], Any] | None = None  # an action Qt already owns (the log dock's toggle)


#: The menu titles a place can name, marked for translation (``action_builder`` shows them in
#: the reader's language; the English title stays the key that places use).
MENU_TITLES = (N_("&File"), N_("&Scan"), N_("&View"), N_("Theme"), N_("&Reads"), N_("S&ettings"),
               N_("&Help"))  # fmt: skip
#: Toolbar window titles (the toolbar's context menu and the accessibility tree show them).
TOOLBAR_TITLES = {"main": N_("Main"), "view": N_("Image")}

SP = QStyle.StandardPixmap
K = QKeySequence.StandardKey

TOOLBARS: dict[str, tuple[str | None, ...]] = {
    "main": ("open_folder", "open_files", None, "cancel", None, "export_csv", "export_pdf", None,
             "settings"),
    # the heatmap first: on a narrow image pane it must never fall into the overflow menu
    "view": ("overlay", None, "fit", "actual", None, "invert", "reset_wl"),
}  # fmt: skip


def action_specs(w: Any) -> tuple[ActionSpec, ...]:
    """The table for main window ``w`` (its controllers hold the handlers)."""
    scan, preview, reads, site = w.scanning, w.preview, w.reads, w.site
    worklist, nav, view, exporter = w.worklist, w.navigation, w.view, w.exporter
    A = ActionSpec
    return (
        # -- File ---------------------------------------------------------------------------------
        A("open_folder", N_("Open Folder…"), K.Open, ("&File",), scan.choose_folder,
          rules.can_open, N_("Scan a folder of chest X-rays (sub-folders included)"),
          SP.SP_DirOpenIcon),
        A("open_files", N_("Open Files…"), "Ctrl+Shift+O", ("&File",), scan.choose_files,
          rules.can_open, N_("Scan selected image files"), SP.SP_FileIcon),
        A("recent", N_("Open &Recent"), None, ("&File",), None, rules.can_open_recent),
        A("samples", N_("Open Samples"), None, ("&File",), scan.open_samples, rules.can_open,
          N_("Scan the bundled sample radiographs")),
        A("export_csv", N_("Export CSV…"), "Ctrl+E", ("-&File",), exporter.choose_csv,
          rules.can_export, N_("Save the worklist as a spreadsheet (CSV)"),
          SP.SP_DialogSaveButton),
        A("export_pdf", N_("Export PDF Report…"), "Ctrl+P", ("&File",), exporter.choose_pdf,
          rules.can_export, N_("Save a PDF report of the batch"), SP.SP_FileDialogDetailedView),
        A("export_deidentified", N_("Export De-identified…"), None, ("&File",),  # issue 22
          exporter.choose_deidentified, rules.can_export,
          N_("Save a PDF report or CSV without patient names, IDs, birth dates, accession "
             "numbers or folder paths (file names become a short hash), e.g. for a district "
             "office")),
        A("save_overlay", N_("Save Overlay as PNG…"), K.Save, ("&File",), exporter.choose_overlay,
          rules.full_image_shown, N_("Save the current image with its heatmap as PNG")),
        A("quit", N_("Quit"), K.Quit, ("-&File",), w.close, rules.always),
        # -- Scan ---------------------------------------------------------------------------------
        A("cancel", N_("Cancel Scan"), "Esc", ("&Scan",), scan.cancel_scan, rules.scanning,
          N_("Stop the running scan"), SP.SP_BrowserStop),
        # -- View ---------------------------------------------------------------------------------
        A("overlay", N_("Heatmap"), "H", ("&View",), preview.set_overlay_visible, rules.always,
          N_("Show/hide the heatmap (H)"), checkable=True),
        A("relative_heat", N_("Relative Heatmap (for study)"), None, ("&View",),
          preview.set_relative_heatmap, rules.always,
          N_("Scale each heatmap to its own image's maximum instead of the model's fixed scale. "
             "For studying where the model looked; every film then shows full colour "
             "somewhere."),
          checkable=True),
        A("invert", N_("Invert"), "I", ("&View",), view.set_inverted, rules.always,
          N_("Invert grey levels (I)"), checkable=True),
        A("fit", N_("Fit"), "F", ("-&View",), view.fit, rules.always,
          N_("Fit the image to the view (F)")),
        A("actual", "1:1", "1", ("&View",), view.actual_size, rules.always,
          N_("One image pixel per screen pixel (1)")),
        A("zoom_in", N_("Zoom In"), K.ZoomIn, ("&View",), lambda: view.zoom_by(1.25),
          rules.always),
        A("zoom_out", N_("Zoom Out"), K.ZoomOut, ("&View",), lambda: view.zoom_by(0.8),
          rules.always),
        A("reset_wl", N_("Reset W/L"), "R", ("&View",), view.reset_window, rules.always,
          N_("Back to the image's default window/level (R). Right-drag on the image to "
             "adjust.")),
        A("log", N_("Log Panel"), "Ctrl+L", ("-&View",), None, rules.always,
          make=w.log_dock.toggleViewAction),
        A("theme_light", N_("Light"), None, ("&View>Theme",), lambda: worklist.set_theme("light"),
          rules.always, checkable=True, group="theme"),
        A("theme_dark", N_("Dark"), None, ("&View>Theme",), lambda: worklist.set_theme("dark"),
          rules.always, checkable=True, group="theme"),
        A("next_row", N_("Next Image"), "Ctrl+Down", ("-&View",), lambda: nav.step_row(1),
          rules.always,
          N_("Select the next row (Ctrl+Down; Down in the worklist or on the image)")),
        A("prev_row", N_("Previous Image"), "Ctrl+Up", ("&View",), lambda: nav.step_row(-1),
          rules.always,
          N_("Select the previous row (Ctrl+Up; Up in the worklist or on the image)")),
        A("find", N_("Find…"), K.Find, ("&View",), nav.focus_search, rules.always,
          N_("Search file names, patients, flags (Ctrl+F); Esc returns to the worklist")),
        # -- Reads --------------------------------------------------------------------------------
        A("read_pneumonia", N_("Mark Read: Pneumonia"), "P", ("&Reads",),
          lambda: reads.mark_read(Read.PNEUMONIA), rules.model_ready,
          N_("Your own call on this image (P); the next row is selected")),
        A("read_normal", N_("Mark Read: Normal"), "N", ("&Reads",),
          lambda: reads.mark_read(Read.NORMAL), rules.model_ready,
          N_("Your own call on this image (N); the next row is selected")),
        A("read_unsure", N_("Mark Read: Unsure"), "U", ("&Reads",),
          lambda: reads.mark_read(Read.UNSURE), rules.model_ready,
          N_("Your own call on this image (U): left out of calibration")),
        A("read_clear", N_("Clear Read"), "Backspace", ("&Reads",),
          lambda: reads.mark_read(None), rules.model_ready, N_("Remove your call")),
        A("undo_read", N_("Undo Read"), K.Undo, ("&Reads",), reads.undo_read, rules.always,
          N_("Undo your last read (Ctrl+Z)")),
        A("import_reads_csv", N_("Import Reads from CSV…"), None, ("-&Reads",),
          reads.choose_reads_csv, rules.model_ready,
          N_("Import calls from a CSV with a path and a call column")),
        A("import_reads_folder", N_("Import Reads from Folders…"), None, ("&Reads",),
          reads.choose_reads_folder, rules.model_ready,
          N_("Import calls from a folder laid out as NORMAL/ and PNEUMONIA/")),
        # -- Settings -----------------------------------------------------------------------------
        A("settings", N_("Settings…"), (K.Preferences, "Ctrl+,"), ("S&ettings",),
          worklist.open_settings, rules.always, N_("Threshold and appearance")),
        # a lambda: QAction.triggered passes `checked`, which must not become the target
        A("calibrate", N_("Calibrate for This Site…"), None, ("-&Reads", "-S&ettings"),
          lambda: site.calibrate_site(), rules.model_ready,
          N_("Fit this site's threshold and probability calibration from your reads")),
        A("model_default", N_("Use Model Default Operating Point…"), None, ("S&ettings",),
          lambda: site.use_model_default(), rules.site_profile_in_use,
          N_("Forget this site's calibration and use the model's own threshold")),
        # -- Help ---------------------------------------------------------------------------------
        A("quick_start", N_("Quick Start"), "F1", ("&Help",), nav.show_quick_start,
          rules.always),
        A("intended_use", N_("Intended Use"), None, ("&Help",), nav.show_intended_use,
          rules.always),
        A("about", N_("About CXR Triage"), None, ("&Help",), w.open_about, rules.always),
    )  # fmt: skip
