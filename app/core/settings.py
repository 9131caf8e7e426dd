"""Persistent preferences through QSettings, with typed accessors and validation.

Values are validated on read (a hand-edited or stale file must not break start-up) and lists are
stored as JSON because QSettings returns a one-element list as a bare string on some backends.
Tests pass their own QSettings (an INI file in tmp_path) so they never touch the user's.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.core import prefs


class AppSettings:
    """The viewer's preferences. Construct with an explicit QSettings in tests."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qs = qsettings if qsettings is not None else QSettings()

    @classmethod
    def at_path(cls, ini_path: Path) -> AppSettings:
        return cls(QSettings(str(ini_path), QSettings.Format.IniFormat))

    # -- helpers ---------------------------------------------------------------------------
    def _str(self, key: str, default: str = "") -> str:
        value = self.qs.value(key, default)
        return value if isinstance(value, str) else default

    def _bool(self, key: str, default: bool) -> bool:
        """QSettings' INI format stores booleans as text: "true"/"false" ("1" from older files)."""
        return str(self.qs.value(key, "true" if default else "false")).lower() in ("true", "1")

    def _set_bool(self, key: str, value: bool) -> None:
        self.qs.setValue(key, "true" if value else "false")

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self.qs.sync()

    # -- operating point ---------------------------------------------------------------------
    def threshold_for(self, model_id: str, model_default: float) -> float:
        """The user's threshold when it was set for this model, else the model's default."""
        return prefs.effective_threshold(
            model_default,
            self.qs.value("threshold/value"),
            self._str("threshold/model") or None,
            model_id,
        )

    def custom_threshold(self, model_id: str) -> float | None:
        """The threshold the user chose for this model, or None: the resolver
        (``inference.triage.operating_point``) decides what it overrides, the model's or the site's."""
        custom = prefs.valid_threshold(self.qs.value("threshold/value"))
        return custom if self._str("threshold/model") == model_id and model_id else None

    def set_threshold(self, value: float, model_id: str) -> None:
        if prefs.valid_threshold(value) is None:
            raise ValueError(f"threshold {value} must lie strictly between 0 and 1")
        self.qs.setValue("threshold/value", float(value))
        self.qs.setValue("threshold/model", model_id)

    def reset_threshold(self) -> None:
        self.qs.remove("threshold")

    # -- overlay -----------------------------------------------------------------------------
    @property
    def overlay_opacity(self) -> float:
        return prefs.clamp_opacity(self.qs.value("overlay/opacity", prefs.DEFAULT_OPACITY))

    @overlay_opacity.setter
    def overlay_opacity(self, value: float) -> None:
        self.qs.setValue("overlay/opacity", prefs.clamp_opacity(value))

    @property
    def relative_heatmap(self) -> bool:
        """Heatmaps on the per-image relative scale (a study option; off by default)."""
        return self._bool("overlay/relative", False)

    @relative_heatmap.setter
    def relative_heatmap(self, value: bool) -> None:
        self._set_bool("overlay/relative", value)

    @property
    def rank_out_of_scope(self) -> bool:
        """Site choice: rank out-of-scope images with the others (off by default)."""
        return self._bool("worklist/rank_out_of_scope", False)

    @rank_out_of_scope.setter
    def rank_out_of_scope(self, value: bool) -> None:
        self._set_bool("worklist/rank_out_of_scope", value)

    @property
    def overlay_visible(self) -> bool:
        return self._bool("overlay/visible", True)

    @overlay_visible.setter
    def overlay_visible(self, value: bool) -> None:
        self._set_bool("overlay/visible", value)

    # -- folders -----------------------------------------------------------------------------
    @property
    def last_folder(self) -> str:
        return self._str("folders/last")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.qs.setValue("folders/last", str(value))

    @property
    def recent_folders(self) -> list[str]:
        try:
            items = json.loads(self._str("folders/recent", "[]"))
        except json.JSONDecodeError:
            return []
        return [str(p) for p in items if isinstance(p, str)][: prefs.MAX_RECENT]

    @recent_folders.setter
    def recent_folders(self, items: list[str]) -> None:
        self.qs.setValue("folders/recent", json.dumps(list(items)[: prefs.MAX_RECENT]))

    def add_recent_folder(self, folder: str) -> list[str]:
        items = prefs.push_recent(self.recent_folders, folder)
        self.recent_folders = items
        self.last_folder = folder
        return items

    @property
    def last_export_dir(self) -> str:
        return self._str("folders/export")

    @last_export_dir.setter
    def last_export_dir(self, value: str) -> None:
        self.qs.setValue("folders/export", str(value))

    # -- look and layout ---------------------------------------------------------------------
    @property
    def theme(self) -> str:
        return prefs.valid_theme(self.qs.value("ui/theme", prefs.DEFAULT_THEME))

    @theme.setter
    def theme(self, value: str) -> None:
        self.qs.setValue("ui/theme", prefs.valid_theme(value))

    @property
    def language(self) -> str:
        """The Settings → Language choice: "" (the system's) or one of the supported codes."""
        return prefs.valid_language(self.qs.value("ui/language", ""))

    @language.setter
    def language(self, value: str) -> None:
        self.qs.setValue("ui/language", prefs.valid_language(value))

    def geometry(self) -> QByteArray | None:
        return self._bytes("ui/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("ui/state")

    def splitter_state(self) -> QByteArray | None:
        return self._bytes("ui/splitter")

    def header_state(self) -> QByteArray | None:
        return self._bytes("ui/header")

    def save_layout(
        self,
        geometry: QByteArray,
        state: QByteArray,
        splitter: QByteArray | None = None,
        header: QByteArray | None = None,
    ) -> None:
        self.qs.setValue("ui/geometry", geometry)
        self.qs.setValue("ui/state", state)
        if splitter is not None:
            self.qs.setValue("ui/splitter", splitter)
        if header is not None:
            self.qs.setValue("ui/header", header)
