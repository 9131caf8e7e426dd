"""CXR Triage desktop viewer.

Only this package imports Qt, and only in its widget modules: the ``*_logic``-style modules and
``app.cli`` stay Qt-free so the headless ``scan`` command and the unit tests never load PySide6.
"""

APP_NAME = "CXR Triage"
ORG_NAME = "CXR Triage"
ORG_DOMAIN = "cxr-triage.local"
DISCLAIMER = "Assistive — not a diagnosis."
DISCLAIMER_LONG = (
    "CXR Triage is an assistive triage aid: it orders images by the model's estimated probability "
    "of pneumonia so that a clinician can look at the likeliest ones first. It is not a diagnosis "
    "and must not be used as one; every image still needs a qualified reader."
)
