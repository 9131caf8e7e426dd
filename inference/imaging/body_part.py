"""The one chest vocabulary: which words in a DICOM file name the chest and which another body part.

BodyPartExamined is a DICOM code string in theory and free text in practice ("PORT CHEST",
"THORAX", "TORAX", "BRUST", "POITRINE", whole-body films), and when it is empty a study
description or protocol name ("KNEE 2 VIEWS") may still say what was imaged. The loader's
``NOT_CHEST`` flag (``inference.imaging.quality``) and the scope rule on descriptions
(``inference.triage.scope_rules``) both read these two word lists, so they cannot disagree.
"""

from __future__ import annotations

import re

#: Words naming a chest study, in the languages the tag is seen in (and whole-body films).
CHEST_WORDS = re.compile(
    r"CHEST|THORA|LUNG|TORAX|TORACE|BRUST|POITRINE|PECHO|PULM|CXR|TORSO|WHOLE\s*BODY", re.IGNORECASE
)
#: Words naming another body part (a description that says only these is not a chest study).
NON_CHEST_WORDS = re.compile(
    r"\b(KNEE|HAND|WRIST|FINGER|FOOT|ANKLE|HIP|PELVIS|SKULL|HEAD|SPINE|C-?SPINE|L-?SPINE|ELBOW|"
    r"SHOULDER|FEMUR|TIBIA|FIBULA|HUMERUS|FOREARM|LEG|ARM|ABDOMEN|ABDO|DENTAL|TEETH|JAW|SINUS|"
    r"MAMMO\w*|BREAST)\b",
    re.IGNORECASE,
)


def is_not_chest(body_part: str | None) -> bool:
    """DICOM BodyPartExamined names something other than the chest (absent = unknown = fine)."""
    if not body_part or not body_part.strip():
        return False
    return CHEST_WORDS.search(body_part) is None


def other_body_part(description: str) -> str | None:
    """The body part a study description names when it names one but not the chest (lower case),
    else None: "KNEE 2 VIEWS" -> "knee"; "CHEST AND ABDOMEN" -> None."""
    found = NON_CHEST_WORDS.search(description)
    if found is None or CHEST_WORDS.search(description):
        return None
    return found.group(1).lower()
