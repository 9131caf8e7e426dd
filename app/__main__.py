"""``python -m app`` runs the same entry point as the ``cxr-triage`` console script.

The early signal handler goes in before anything else is imported (``entry`` installs it again,
harmlessly): a Ctrl-C while ``app.cli`` itself was loading used to end in a traceback, or be lost.
"""

from inference.cli import early_signals  # stdlib only

early_signals.install()

from app.cli import entry  # noqa: E402  (after the handler, on purpose)

if __name__ == "__main__":
    entry()
