"""``cxr-triage listen`` (DICOM receiver), ``cxr-triage watch FOLDER`` and ``cxr-triage history``:
headless, no Qt (``app.cli`` dispatches here). Settings come from the clinic settings file shared
with the viewer; options given here override them for this run (``--save`` keeps them).

Exit codes: 0 stopped cleanly (Ctrl-C or SIGTERM: the running batch is dropped, received files
stay in the inbox); 2 usage, model, settings, port or file-system errors, one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from inference.cli.console import Interrupts, library_messages_to_log, write
from inference.cli.scan_command import threshold_arg
from inference.clinic import config as cfg
from inference.clinic.deliver import Delivery, FolderWriter, PacsSender
from inference.clinic.history import (
    EventKind,
    HistoryError,
    HistoryWriter,
    export_csv,
    list_events,
)
from inference.clinic.receiver import Received, Receiver, prune_inbox
from inference.clinic.service import ClinicTriager, Job, Outcome
from inference.clinic.watch import FolderWatch
from inference.core.i18n import _, ngettext
from inference.core.os_errors import os_reason
from inference.core.safe_text import printable
from inference.model.session import ModelLoadError, ModelSession
from inference.triage import worklist as wl
from inference.triage.settings_schema import ProfileError
from inference.triage.site_profile import load_active_profile

EXIT_OK, EXIT_USAGE = 0, 2
PRUNE_EVERY_S = 3600.0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", type=Path, help=_("ONNX model (default: the bundled one)"))
    p.add_argument(
        "--threshold", type=threshold_arg, help=_("operating point (default: site/model)")
    )
    p.add_argument("--pacs", metavar="HOST:PORT", help=_("C-STORE results (SC + SR) to this PACS"))
    p.add_argument("--pacs-ae", metavar="AE", help=_("the PACS's AE title (with --pacs)"))
    p.add_argument(
        "--results-folder",
        type=Path,
        metavar="DIR",
        help=_("write results (SC + SR) as DICOM files here instead of a PACS"),
    )
    p.add_argument("--ae-title", help=_("our AE title (default from Settings: CXRTRIAGE)"))
    p.add_argument("--save", action="store_true", help=_("keep these options in the settings"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxr-triage")
    sub = parser.add_subparsers(dest="command", required=True)
    listen = sub.add_parser(
        "listen",
        help=_("receive studies over DICOM and triage them"),
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(listen)
    listen.add_argument("--port", type=int, help=_("port to listen on (default 11112)"))
    listen.add_argument(
        "--bind", help=_("address to listen on (default 127.0.0.1; the LAN: 0.0.0.0)")
    )
    listen.add_argument(
        "--allow",
        action="append",
        metavar="AE",
        help=_("accept only these calling AE titles (repeatable)"),
    )
    listen.add_argument("--retention-days", type=int, help=_("keep received files this long"))
    watch = sub.add_parser("watch", help=_("triage files as they appear in a folder"))
    _common(watch)
    watch.add_argument("folder", type=Path, metavar="FOLDER")
    watch.add_argument(
        "--settle",
        type=float,
        default=1.0,
        metavar="S",
        help=_("a file is read once its size has not changed for S seconds"),
    )
    history = sub.add_parser("history", help=_("list or export the history (audit trail)"))
    history.add_argument("--limit", type=int, default=50, help=_("newest N events (0: all)"))
    history.add_argument(
        "--kind", action="append", help=_("only these kinds (result, export, ...)")
    )
    history.add_argument("--study", default="", help=_("only this StudyInstanceUID"))
    history.add_argument("--csv", type=Path, metavar="OUT", help=_("export as CSV"))
    return parser


def config_from_args(args: argparse.Namespace, base: cfg.ClinicConfig) -> cfg.ClinicConfig:
    """The saved settings with this run's options applied (ValueError for a bad value)."""
    changes: dict[str, object] = {}
    for name, key in (
        ("ae_title", "ae_title"),
        ("port", "port"),
        ("bind", "bind_address"),
        ("retention_days", "retention_days"),
    ):
        value = getattr(args, name, None)
        if value is not None:
            changes[key] = value
    if getattr(args, "allow", None):
        changes["allowed_callers"] = tuple(args.allow)
    if args.pacs:
        host, port = cfg.parse_host_port(args.pacs)
        ae = args.pacs_ae or (base.pacs.ae_title if base.pacs else "")
        if not ae:
            raise ValueError(_("--pacs needs --pacs-ae (the PACS's AE title)"))
        changes["pacs"] = cfg.PacsTarget(host, port, ae)
    if args.results_folder is not None:
        changes["results_folder"] = str(args.results_folder.expanduser().absolute())
        if not args.pacs:
            changes["pacs"] = None
    config = base.with_changes(**changes)
    problems = config.problems()
    if problems:
        raise ValueError("; ".join(problems))
    return config


def delivery_for(config: cfg.ClinicConfig, forbidden: Sequence[Path] = ()) -> Delivery | None:
    if config.pacs is not None:
        return PacsSender(config.pacs, config.ae_title)
    if config.results_folder:
        return FolderWriter(Path(config.results_folder), forbidden)
    return None


def outcome_line(o: Outcome) -> str:
    p = f"P={o.facts.probability:.2f}" if o.facts.probability is not None else "P=—"
    sent = "+".join(o.sent) + " sent" if o.sent else "nothing sent"
    problems = f"  ({'; '.join(o.problems)})" if o.problems else ""
    return _("%(strftime)s  %(label)s %(p)s %(latency_s)s s  %(sent)s  %(name)s%(problems)s\n") % {
        "strftime": time.strftime("%H:%M:%S"),
        "label": f"{o.facts.label:<28}",
        "p": f"{p:<7}",
        "latency_s": f"{o.latency_s:5.1f}",
        "sent": sent,
        "name": o.job.path.name,
        "problems": problems,
    }


def _load(args: argparse.Namespace, err: TextIO) -> tuple[ModelSession, wl.TriageSettings] | None:
    try:
        session = ModelSession.load(args.model)
    except ModelLoadError as exc:
        write(err, _("cxr-triage: error: %(exc)s\n") % {"exc": exc})
        return None
    try:
        profile = load_active_profile(session.model_id)
    except ProfileError as exc:
        write(err, _("cxr-triage: the site profile is not used: %(exc)s\n") % {"exc": exc})
        profile = None
    return session, wl.TriageSettings.from_contract(
        session.contract, args.threshold, profile=profile
    )


def _serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Shared by listen and watch: settings, model, history, the triager, then run until a signal."""
    with Interrupts() as interrupts:
        try:
            config = config_from_args(args, cfg.load_config())
            if args.save:
                cfg.save_config(config)
            forbidden = [args.folder] if args.command == "watch" else []
            delivery = delivery_for(config, forbidden)
            history = HistoryWriter(cfg.history_path())
        except (ValueError, HistoryError) as exc:
            write(err, _("cxr-triage: error: %(exc)s\n") % {"exc": exc})
            return EXIT_USAGE
        except OSError as exc:
            write(err, _("cxr-triage: error: %(os_reason)s\n") % {"os_reason": os_reason(exc)})
            return EXIT_USAGE
        loaded = _load(args, err)
        if loaded is None:
            history.close()
            return EXIT_USAGE
        session, settings = loaded
        keep = config.retention_days > 0

        def on_outcome(o: Outcome) -> None:
            write(out, outcome_line(o))
            if not keep and o.job.source == "listen":  # retention 0: only until triaged
                o.job.path.unlink(missing_ok=True)

        triager = ClinicTriager(session, settings, history, delivery, on_outcome)
        triager.start()
        try:
            stop = _start_source(args, config, triager, out)
        except (OSError, ValueError) as exc:
            write(err, _("cxr-triage: error: %(exc)s\n") % {"exc": exc})
            triager.stop()
            history.close()
            return EXIT_USAGE
        write(
            out,
            _(
                "%(operating_point_text)s (threshold %(threshold)s); results to %(value)s. Assistive triage, not a diagnosis. Ctrl-C to stop.\n"
            )
            % {
                "operating_point_text": settings.operating_point_text(),
                "threshold": f"{settings.threshold:.3f}",
                "value": delivery.describe() if delivery else "nowhere (history only)",
            },
        )
        last_prune = time.monotonic()
        while not interrupts.token.cancelled:
            time.sleep(0.2)
            if args.command == "listen" and time.monotonic() - last_prune > PRUNE_EVERY_S and keep:
                prune_inbox(cfg.inbox_dir(), config.retention_days)
                last_prune = time.monotonic()
        stop()
        triager.stop()
        history.close()
        done = triager.done
        write(
            err,
            ngettext("stopped: %(n)s image triaged\n", "stopped: %(n)s images triaged\n", done)
            % {"n": done},
        )
        return EXIT_OK


def _start_source(
    args: argparse.Namespace, config: cfg.ClinicConfig, triager: ClinicTriager, out: TextIO
) -> Callable[[], None]:
    """Start the receiver or the watch; returns its stop function."""
    if args.command == "listen":
        if config.retention_days > 0:
            prune_inbox(cfg.inbox_dir(), config.retention_days)

        def on_file(r: Received) -> None:
            triager.submit(Job(r.path, "listen", r.received_at, r.calling_ae))

        receiver = Receiver(config, cfg.inbox_dir(), on_file)
        try:
            receiver.start()
        except OSError as exc:
            raise OSError(
                _("cannot listen on %(bind_address)s:%(port)s: %(os_reason)s")
                % {
                    "bind_address": config.bind_address,
                    "port": config.port,
                    "os_reason": os_reason(exc),
                }
            ) from exc
        callers = ", ".join(config.allowed_callers) or "any calling AE"
        write(
            out,
            _(
                "listening as %(ae_title)s on %(bind_address)s:%(port)s (accepting %(callers)s); inbox %(printable)s\n"
            )
            % {
                "ae_title": config.ae_title,
                "bind_address": config.bind_address,
                "port": receiver.port,
                "callers": callers,
                "printable": printable(str(cfg.inbox_dir())),
            },
        )
        return receiver.stop
    folder = Path(args.folder).expanduser().absolute()
    if args.settle < 0:
        raise ValueError(_("--settle must be 0 or more"))
    watch = FolderWatch(
        folder,
        lambda p: triager.submit(Job(p, "watch")),
        settle_s=args.settle,
        on_state=lambda s: write(out, f"{folder}: {s}\n"),
    )
    watch.start()
    return watch.stop


def _what(e: dict) -> str:
    """One event's gist for the listing (the CSV export has every column)."""
    if e["kind"] == EventKind.CALIBRATION and e["threshold"] is not None:
        what = f"site operating point, threshold {e['threshold']:.3f}"
    elif e["kind"] in (EventKind.SCAN, EventKind.RECEIVED):
        what = e["detail"]
    else:
        what = e["label"]
    by = f" by {e['user']}" if e.get("user") else ""
    return printable(f"{what}{by}")


def _history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        events = list_events(
            cfg.history_path(),
            kinds=args.kind or (),
            limit=None if args.csv or args.limit == 0 else args.limit,
            study_uid=args.study,
        )
        if args.csv:
            n = export_csv(events, args.csv)
            write(out, _("%(n)s events written to %(csv)s\n") % {"n": n, "csv": args.csv})
            return EXIT_OK
    except HistoryError as exc:
        write(err, _("cxr-triage: error: %(exc)s\n") % {"exc": exc})
        return EXIT_USAGE
    except OSError as exc:
        write(
            err,
            _("cxr-triage: error: %(csv)s: %(os_reason)s\n")
            % {"csv": args.csv, "os_reason": os_reason(exc)},
        )
        return EXIT_USAGE
    for e in reversed(events):
        p = f"{e['probability']:.2f}" if e["probability"] is not None else ""
        write(out, f"{e['at']}  {e['kind']:<8} {e['source']:<7} {p:<5} {_what(e)}  {e['path']}\n")
    if not events:
        write(out, _("no history yet\n"))
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "history":
        return _history(args, out, err)
    with library_messages_to_log():
        return _serve(args, out, err)
