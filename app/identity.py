"""The program's name and its safety texts: what every screen, export and report says it is.

Kept out of ``app/__init__.py`` on purpose: ``python -m app`` imports the package before
``app.__main__`` can install the early Ctrl-C handler, so the package itself imports nothing.
"""

from inference.core.i18n import N_

APP_NAME = "CXR Triage"
ORG_NAME = "CXR Triage"
ORG_DOMAIN = "cxr-triage.local"
# The safety texts, marked for translation (shown through ``inference.core.i18n._``; their
# French, Portuguese and Spanish wording is fixed in docs/i18n/glossary-*.md).
DISCLAIMER = N_("Assistive — not a diagnosis.")
DISCLAIMER_LONG = N_(
    "CXR Triage is an assistive triage aid: it orders images by the model's estimated probability "
    "of pneumonia so that a clinician can look at the likeliest ones first. It is not a diagnosis "
    "and must not be used as one; every image still needs a qualified reader."
)
INTENDED_USE = N_(
    "CXR Triage orders frontal chest X-rays of children up to 6 years by the model's estimated "
    "probability of pneumonia, so that the likeliest cases are read first.\n\n"
    "It is an assistive triage aid, not a diagnosis: a qualified reader reads every image. "
    "Images the model was not made for (adults, other body parts, lateral views, photographs) "
    "are listed apart as out of scope, with no pneumonia score."
)
