"""Keeping a study's images together in the worklist (the clinic's live worklist: a PA and a
lateral, or a repeat film, arrive as one study). The risk order rules of ``inference.triage.worklist``
still hold: groups first (ranked, out of scope, unreadable), and inside a group the studies are
ranked by their highest-risk image, then each study's images by risk. A file without a
StudyInstanceUID is a study of its own, so a folder of JPEGs orders exactly as ``sort_key``.

Sort values are strings so that a table compares them in C++ (see ``app.worklist``)."""

from __future__ import annotations

from collections.abc import Iterable

from inference.core.types import TriageResult
from inference.triage import worklist as wl

_LAST_INDEX = 10**12 - 1


def study_key(result: TriageResult) -> str:
    """Patient and study of a DICOM image; '#path' for a file without a study (its own)."""
    uid = result.metadata.get("study_uid", "").strip()
    if not uid:
        return f"#{result.path}"
    return f"{result.metadata.get('patient_id', '').strip()}\x1f{uid}"


def _risk(result: TriageResult, settings: wl.TriageSettings) -> float:
    if wl.group_of(result, settings) is wl.Group.ERROR:
        return 0.0
    return float(result.pneumonia_prob or 0.0)


class StudyIndex:
    """The best risk of each study (per group) among the rows added so far, by row number."""

    def __init__(self) -> None:
        self._best: dict[tuple[int, str], float] = {}
        self._rows: dict[tuple[int, str], list[int]] = {}

    def _key(self, result: TriageResult, settings: wl.TriageSettings) -> tuple[int, str]:
        return int(wl.group_of(result, settings)), study_key(result)

    def rebuild(self, results: Iterable[TriageResult], settings: wl.TriageSettings) -> StudyIndex:
        """Index all rows afresh (the settings changed which group a row is in)."""
        self._best.clear()
        self._rows.clear()
        self.add(results, settings, 0)
        return self

    def add(
        self, results: Iterable[TriageResult], settings: wl.TriageSettings, first_row: int
    ) -> list[int]:
        """Index new rows; returns the earlier rows whose study's best rose (their sort value
        changed and a table must re-sort them)."""
        changed: set[int] = set()
        row = first_row
        for row, result in enumerate(results, first_row):
            key = self._key(result, settings)
            risk = _risk(result, settings)
            members = self._rows.setdefault(key, [])
            if risk > self._best.get(key, -1.0):
                changed.update(r for r in members if r < first_row)
                self._best[key] = risk
            members.append(row)
        return sorted(changed)

    def sort_text(
        self, result: TriageResult, settings: wl.TriageSettings, descending: bool = True
    ) -> str:
        """Compared as text: descending puts the ranked group first, the riskiest study first
        and its riskiest image first; ascending keeps the groups in the same order and
        reverses the rest."""
        group, key = self._key(result, settings)
        best = self._best.get((group, key), _risk(result, settings))
        risk = _risk(result, settings)
        index = max(0, min(result.index, _LAST_INDEX))
        if descending:
            return f"{2 - group}|{best:.9f}|{key}|{risk:.9f}|{_LAST_INDEX - index:012d}"
        return f"{group}|{best:.9f}|{key}|{risk:.9f}|{index:012d}"


def ordered_by_study(
    results: Iterable[TriageResult], settings: wl.TriageSettings
) -> list[TriageResult]:
    """The worklist order with each study's images kept together (CLI, tests)."""
    rows = list(results)
    index = StudyIndex()
    index.add(rows, settings, 0)
    return sorted(rows, key=lambda r: index.sort_text(r, settings), reverse=True)
