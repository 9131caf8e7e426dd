"""What the saved overlay PNG says under the film (Qt-free, so tests read the text directly).

A PNG leaves the program and its details panel behind: it carries its own file name, the verdict
as the viewer shows it, the operating point (the resolver's one text), what the colours mean when
a heatmap is drawn, and the disclaimer. An out-of-scope image gets its reason and never a number,
even where the site ranks such images: on a lone picture a probability would read as a score.
The words are in the reader's language (gettext, at the time the caption is built).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.identity import DISCLAIMER
from app.worklist import worklist_words as words
from app.worklist.worklist_logic import format_percent
from inference.core.i18n import N_, _
from inference.core.safe_text import printable, visible
from inference.core.types import TriageResult
from inference.triage import worklist as wl
from inference.triage.worklist import TriageSettings


class Tone(StrEnum):
    """How the verdict line is coloured (the viewer's risk colours)."""

    HIGH = "high"
    LOW = "low"
    OUT_OF_SCOPE = "out of scope"
    ERROR = "error"


HEAT_ABSOLUTE = N_(
    "Heatmap: the model's evidence for pneumonia on its fixed scale (not a probability)"
)
HEAT_RELATIVE = N_("Heatmap (study view): evidence relative to this image's strongest region")


@dataclass(frozen=True)
class Caption:
    """The band's lines, top to bottom; ``heat`` is empty when no heatmap is drawn."""

    file: str
    verdict: str
    tone: Tone
    operating_point: str
    heat: str
    disclaimer: str = ""  # '' → the disclaimer in the current language

    def __post_init__(self) -> None:
        if not self.disclaimer:
            object.__setattr__(self, "disclaimer", _(DISCLAIMER))

    def lines(self) -> list[str]:
        return [x for x in (self.file, self.verdict, self.operating_point, self.heat,
                            self.disclaimer) if x]  # fmt: skip

    @property
    def text(self) -> str:
        return "\n".join(self.lines())


def verdict(result: TriageResult, settings: TriageSettings) -> tuple[str, Tone]:
    """The probability and label as the details panel words them; no number out of scope."""
    if not result.ok:
        text = _("Could not be scored: {reason}")
        return text.format(reason=words.label_text(result, settings)), Tone.ERROR
    if not wl.in_scope(result, settings):
        reason = wl.scope_reason_text(result, settings)  # inference words it
        return _("Out of scope — not scored: {reason}").format(reason=reason), Tone.OUT_OF_SCOPE
    threshold = format_percent(settings.threshold, 1)
    p = format_percent(wl.probability(result, settings), 1)
    if wl.is_above(result, settings):
        subtype = words.word(wl.likely_type(result, settings) or "")
        if subtype:
            text = _("P(pneumonia) {p} — at or above the {threshold} threshold, likely {kind}")
            return text.format(p=p, threshold=threshold, kind=subtype), Tone.HIGH
        text = _("P(pneumonia) {p} — at or above the {threshold} threshold")
        return text.format(p=p, threshold=threshold), Tone.HIGH
    text = _("P(pneumonia) {p} — below the {threshold} threshold")
    return text.format(p=p, threshold=threshold), Tone.LOW


def caption_for(
    result: TriageResult, settings: TriageSettings, heat_drawn: bool, relative: bool = False
) -> Caption:
    """The caption of ``result``'s overlay PNG at the worklist's ``settings``."""
    text, tone = verdict(result, settings)
    heat = _(HEAT_RELATIVE if relative else HEAT_ABSOLUTE) if heat_drawn else ""
    return Caption(
        file=visible(printable(result.path.name)),
        verdict=visible(text),
        tone=tone,
        operating_point=_("Operating point: {point}").format(point=settings.operating_point_text()),
        heat=heat,
    )
