"""``python -m app`` runs the same entry point as the ``cxr-triage`` console script."""

from app.cli import entry

if __name__ == "__main__":
    entry()
