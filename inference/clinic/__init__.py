"""The clinic's workflow: receive studies (DICOM C-STORE or a watched folder), triage them as they
arrive, send results back to the PACS as DICOM objects and keep an audit history.

Qt-free like the rest of ``inference``: the headless ``cxr-triage listen`` / ``watch`` / ``history``
commands and the viewer's controller both drive these modules. Network use is only where the
user configured it (the listening address and the PACS), never anywhere else.
"""
