"""The worklist's words in the reader's language, for the viewer's table, panel and exports.

``inference.triage.worklist`` now words every row itself in the current language (and in English
inside ``i18n.english()``, where the CSV and JSON are written), so this module only names those
functions for the viewer and adds the viewer's own words (class titles, the read note). Nothing
here translates inference's text a second time.
"""

from __future__ import annotations

from inference.core.i18n import _, format_number
from inference.core.types import TriageResult
from inference.triage import worklist as wl
from inference.triage.worklist import TriageSettings

word = wl.word  # a code (label, class name, a reader's call) as the reader's word
failure_title = wl.failure_title
label_text = wl.label_text
flags_text = wl.flags_text
status_text = wl.status_text
filter_title = wl.filter_title


def likely_type_text(result: TriageResult, settings: TriageSettings) -> str:
    return word(wl.likely_type(result, settings) or "")


def class_name(name: str) -> str:
    """A model class ('pneumonia', 'bacterial') as a title: 'Pneumonia' / 'Pneumonie'."""
    text = word(name)
    return text[:1].upper() + text[1:]


def read_note(read: int, total: int) -> str:
    """'3 of 40 read' (the reader's own calls on this worklist)."""
    return _("{read} of {total} read").format(read=format_number(read), total=format_number(total))
