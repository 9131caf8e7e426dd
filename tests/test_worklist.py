"""inference.triage.worklist: the one place that decides scope, label, type, order and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from inference.triage import worklist as wl
from inference.triage.worklist import Group, ScopeReason, TriageSettings


def S(threshold: float = 0.5, rank: bool = False) -> TriageSettings:
    return TriageSettings(threshold=threshold, rank_out_of_scope=rank)


def scored(
    name: str,
    p: float,
    flags: set[Flag] | None = None,
    index: int = 0,
    age: float | None = None,
    **meta: str,
) -> TriageResult:
    """A scored result; ``age`` is the loader's typed age in years (DICOM), never metadata text."""
    return TriageResult(
        path=Path("/clinic") / name,
        index=index,
        age_years=age,
        metadata=dict(meta),
        pneumonia_prob=p,
        class_probs={"normal": 1 - p, "bacterial": p * 0.3, "viral": p * 0.7},
        flags=set(flags or ()),
    )


def failed(name: str, index: int = 0) -> TriageResult:
    path = Path("/clinic") / name
    return TriageResult(
        path=path, index=index, error=LoadFailure(path, FailureKind.CORRUPT, "damaged")
    )


def codes(result: TriageResult) -> list[ScopeReason]:
    return [code for code, _ in wl.scope_reasons(result)]


# -- scope ---------------------------------------------------------------------------------------
def test_plain_chest_film_is_in_scope() -> None:
    r = scored("child.jpeg", 0.7, {Flag.SMALL})  # a caution flag does not take it out of scope
    assert wl.scope_reasons(r) == []
    assert wl.in_scope(r, S()) and wl.scope_text(r, S()) == "in scope"


@pytest.mark.parametrize(
    ("meta", "flags", "code", "words"),
    [
        ({"modality": "MR"}, set(), ScopeReason.NOT_RADIOGRAPH, "not a radiograph"),
        ({}, {Flag.COLOUR}, ScopeReason.COLOUR, "colour image"),
        ({"body_part": "KNEE"}, {Flag.NOT_CHEST}, ScopeReason.NOT_CHEST, "not a chest study"),
        ({"modality": "MG"}, set(), ScopeReason.NOT_CHEST, "not a chest study"),
        ({"study_description": "XR HAND 2 VIEWS"}, set(), ScopeReason.NOT_CHEST, "(hand)"),
        ({"view_position": "LL"}, set(), ScopeReason.LATERAL, "lateral view"),
        ({"view_position": "LATERAL"}, set(), ScopeReason.LATERAL, "lateral view"),
        ({"age": 45.0}, set(), ScopeReason.AGE, "adult (45 years)"),
        ({"age": 81.0}, set(), ScopeReason.AGE, "adult (81 years)"),
        ({"age": 12.0}, set(), ScopeReason.AGE, "older child"),
        ({"age": 59.83}, set(), ScopeReason.AGE, "adult (60 years)"),
        ({}, {Flag.LOW_CONTRAST}, ScopeReason.BLANK, "blank"),
        ({}, {Flag.OUT_OF_DISTRIBUTION}, ScopeReason.UNLIKE_TRAINING, "not like the training"),
    ],
)
def test_each_scope_rule_gives_a_reason_a_nurse_understands(
    meta: dict, flags: set, code: ScopeReason, words: str
) -> None:
    r = scored("x.dcm", 0.99, flags, **meta)
    assert code in codes(r)
    assert words in wl.scope_reason_text(r, S())
    assert not wl.in_scope(r, S())
    assert wl.label(r, S()) is None  # never labelled pneumonia or normal
    assert wl.likely_type(r, S()) is None
    assert wl.label_text(r, S()).startswith("out of scope: ")


@pytest.mark.parametrize(
    "meta",
    [
        {"age": 3.0},
        {"age": 1.5},
        {"age": 10 / 365.25},
        {"view_position": "AP"},
        {"view_position": "PA"},
        {"body_part": "CHEST", "modality": "DX"},
        {"study_description": "CHEST AND HAND"},  # mentions the chest: not excluded by words
        {"modality": "CR"},
        {"patient_age": "45 y"},  # metadata is shown text: the scope rules never parse it
    ],
)
def test_frontal_child_chest_tags_stay_in_scope(meta: dict) -> None:
    assert wl.in_scope(scored("x.dcm", 0.5, **meta), S())


def test_age_limit_comes_from_the_settings() -> None:
    r = scored("x.dcm", 0.5, age=8.0)
    assert not wl.in_scope(r, S())
    assert wl.in_scope(r, TriageSettings(0.5, age_range_years=(0.0, 10.0)))


def test_unlike_training_is_only_the_fallback_reason() -> None:
    """A knee flagged OOD says 'not a chest study', the more useful reason, only."""
    r = scored("k.dcm", 0.9, {Flag.NOT_CHEST, Flag.OUT_OF_DISTRIBUTION}, body_part="KNEE")
    assert codes(r) == [ScopeReason.NOT_CHEST]


def test_errors_have_no_scope_and_their_own_group() -> None:
    f = failed("bad.dcm")
    assert wl.scope_reasons(f) == [] and wl.scope_text(f, S()) == "error"
    assert wl.group_of(f, S()) is Group.ERROR
    assert wl.label_text(f, S()) == "corrupt"


# -- label, type ---------------------------------------------------------------------------------
def test_label_is_inclusive_at_the_threshold() -> None:
    r = scored("a.png", 0.40)
    assert wl.label(r, S(0.5)) == "normal"
    assert wl.label(r, S(0.4)) == "pneumonia"
    assert wl.label_for(0.4999, 0.5) == "normal"
    assert wl.label(failed("b.png"), S()) is None


def test_likely_type_only_when_labelled_pneumonia() -> None:
    r = scored("a.png", 0.6)
    assert wl.likely_type(r, S(0.5)) == "viral"
    assert wl.likely_type(r, S(0.7)) is None


def test_rank_anyway_labels_out_of_scope_rows_and_says_so() -> None:
    knee = scored("knee.dcm", 0.99, {Flag.NOT_CHEST}, body_part="KNEE")
    assert wl.group_of(knee, S(rank=True)) is Group.IN_SCOPE
    assert wl.label(knee, S(rank=True)) == "pneumonia"
    assert wl.label_text(knee, S(rank=True)) == "pneumonia (out of scope: not a chest film)"
    assert wl.scope_text(knee, S(rank=True)) == "out of scope"  # the fact does not change
    assert "RANKED" in wl.ranking_note(S(rank=True))
    assert "listed after" in wl.ranking_note(S())


# -- order and counts ---------------------------------------------------------------------------
def mixed() -> list[TriageResult]:
    return [
        scored("knee.dcm", 0.99, {Flag.NOT_CHEST}, index=0, body_part="KNEE"),
        scored("photo.jpg", 0.9998, {Flag.COLOUR}, index=1),
        scored("bact.jpeg", 0.95, index=2),
        failed("broken.jpg", index=3),
        scored("normal.jpeg", 0.05, {Flag.SMALL}, index=4),
        scored("adult.dcm", 0.8, index=5, age=60.0),
        scored("viral.jpeg", 0.6, index=6),
    ]


def test_in_scope_first_by_risk_then_out_of_scope_then_errors() -> None:
    names = [r.path.name for r in wl.ordered(mixed(), S())]
    assert names == [
        "bact.jpeg",
        "viral.jpeg",
        "normal.jpeg",
        "photo.jpg",
        "knee.dcm",
        "adult.dcm",
        "broken.jpg",
    ]
    values = [wl.risk_sort_value(r, S()) for r in wl.ordered(mixed(), S())]
    assert values == sorted(values, reverse=True)  # the table's sort role agrees


def test_ranks_number_only_the_ranked_rows() -> None:
    """The CSV, the JSON and the PDF number rows with ``ranks`` (moved here from the CSV writer)."""
    rows = wl.ordered(mixed(), S())
    assert wl.ranks(rows, S()) == [1, 2, 3, None, None, None, None]
    anyway = wl.ordered(mixed(), S(rank=True))  # a site that ranks them: every scored row
    assert wl.ranks(anyway, S(rank=True)) == [1, 2, 3, 4, 5, 6, None]


def test_rank_anyway_mixes_them_back_by_risk() -> None:
    names = [r.path.name for r in wl.ordered(mixed(), S(rank=True))]
    assert names[:3] == ["photo.jpg", "knee.dcm", "bact.jpeg"] and names[-1] == "broken.jpg"


def test_summary_counts_and_line() -> None:
    s = wl.summarize(mixed(), S(0.5))
    assert s.as_dict() == {
        "images": 7,
        "scored": 6,
        "in_scope": 3,
        "above_threshold": 2,
        "out_of_scope": 3,
        "flagged": 1,
        "errors": 1,
    }
    assert s.line() == (
        "7 images · 2 at or above threshold · 3 out of scope · 1 flagged · 1 unreadable"
    )
    # summing parts (the viewer adds batches as they arrive) equals summarising the whole
    rows = mixed()
    parts = wl.summarize(rows[:3], S()) + wl.summarize(rows[3:], S())
    assert parts == s


def test_breakdown_groups_in_order() -> None:
    groups = wl.breakdown(mixed(), S())
    assert [r.path.name for r in groups[Group.OUT_OF_SCOPE]] == [
        "photo.jpg",
        "knee.dcm",
        "adult.dcm",
    ]
    assert [r.path.name for r in groups[Group.ERROR]] == ["broken.jpg"]


def test_filters() -> None:
    rows = mixed()
    pick = {
        m: [r.path.name for r in rows if wl.matches_filter(r, m, S(0.5))] for m in wl.FilterMode
    }
    assert pick[wl.FilterMode.ABOVE_THRESHOLD] == ["bact.jpeg", "viral.jpeg"]
    assert pick[wl.FilterMode.OUT_OF_SCOPE] == ["knee.dcm", "photo.jpg", "adult.dcm"]
    assert pick[wl.FilterMode.ERRORS] == ["broken.jpg"]
    # every row that shows a flag, ranked or out of scope (issue 22)
    flagged = [r.path.name for r in rows if r.ok and r.flags]
    assert pick[wl.FilterMode.FLAGGED] == flagged and "normal.jpeg" in flagged
    assert {"knee.dcm", "photo.jpg"} <= set(flagged)
    assert len(pick[wl.FilterMode.ALL]) == 7


def test_exact_ties_keep_scan_order_in_the_table_sort_value_too() -> None:
    a, b = scored("a.dcm", 0.58, index=5), scored("b.dcm", 0.58, index=4)
    assert [r.path.name for r in wl.ordered([a, b], S())] == ["b.dcm", "a.dcm"]
    assert wl.risk_sort_value(b, S()) > wl.risk_sort_value(a, S())
