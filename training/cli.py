"""`cxr-train`: fit a model, export it, evaluate an ONNX model on a folder."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from training.config import SHARED_DATA, MissingDataError, TrainConfig


def _optional_path(value: str) -> Path | None:
    """A folder argument that may be switched off: '' or 'none' leaves that source out."""
    return None if value.strip().lower() in ("", "none") else Path(value)


def _fit_args(p: argparse.ArgumentParser) -> None:
    d = TrainConfig()
    p.add_argument("--data", type=Path, default=d.data, help="root with {split}/{CLASS}/ images")
    p.add_argument(
        "--out", type=Path, default=d.out, help="run folder for checkpoints, logs, model"
    )
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--weight-decay", type=float, default=d.weight_decay)
    p.add_argument("--val-fraction", type=float, default=d.val_fraction)
    p.add_argument("--patience", type=int, default=d.patience)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--limit", type=int, default=None, help="use only N images (smoke tests)")
    p.add_argument("--input-size", type=int, default=d.input_size[0])
    p.add_argument("--widths", type=str, default=",".join(map(str, d.widths)))
    p.add_argument("--cache-dir", type=Path, default=d.cache_dir)
    p.add_argument("--device", default=d.device, help="auto, cpu or cuda")
    p.add_argument("--model-version", default=d.model_version)
    p.add_argument(
        "--adult-data",
        type=_optional_path,
        default=d.adult_data,
        help="adult chest films (outlier exposure); 'none' leaves them out, a missing folder stops",
    )
    p.add_argument(
        "--dicom-data",
        type=_optional_path,
        default=d.dicom_data,
        help="DICOM folder with non_chest/ files; 'none' leaves it out, a missing folder stops",
    )
    p.add_argument("--outliers-per-batch", type=int, default=d.outliers_per_batch)
    p.add_argument("--scope-weight", type=float, default=d.scope_weight)
    p.add_argument("--ema-decay", type=float, default=d.ema_decay)
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    p.add_argument(
        "--stop-after",
        type=int,
        default=None,
        help="end after this epoch without changing the schedule (resume later)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Every stage's arguments; data folders default to the shared data beside the repository."""
    parser = argparse.ArgumentParser(prog="cxr-train", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    fit = sub.add_parser("fit", help="train, calibrate and export a model")
    _fit_args(fit)
    ex = sub.add_parser("export", help="re-run calibration and ONNX export from a run's best.pt")
    ex.add_argument("run", type=Path, help="run folder holding best.pt (and history.json)")
    ex.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the .onnx (default RUN/cxr-triage.onnx)",
    )
    card = sub.add_parser(
        "card", help="write MODEL_CARD.md (and figures) for a model from an evaluation"
    )
    card.add_argument("model", type=Path)
    card.add_argument("--evaluation", type=Path, required=True, help="folder written by `evaluate`")
    card.add_argument(
        "--shifted-evaluation", type=Path, default=None, help="`evaluate --split shifted` folder"
    )
    card.add_argument("--heatmaps", type=Path, default=None, help="`heatmap-report` folder")
    card.add_argument("--gate", type=Path, default=None, help="`gate` folder (gate.json)")
    card.add_argument("--lungs", type=Path, default=None, help="the lung-field model")
    card.add_argument("--out", type=Path, default=Path("resources/models"))
    card.add_argument(
        "--command", default="make model", help="the command that reproduces the model"
    )
    ev = sub.add_parser("evaluate", help="metrics with 95%% intervals and plots for an ONNX model")
    ev.add_argument("model", type=Path)
    ev.add_argument("data", type=Path, help="Kermany-layout root or a {CLASS}/ folder")
    ev.add_argument(
        "--split",
        default="val",
        help="'val' = the patient-grouped validation split of train (as in training); 'shifted' "
        "= the same children through the fixed-seed acquisition shift used for model selection; "
        "any other name = that folder under DATA (e.g. 'test')",
    )
    ev.add_argument("--out", type=Path, default=Path("runs/evaluation"))
    ev.add_argument("--threshold", type=float, default=None)
    ev.add_argument("--bootstrap", type=int, default=1000)
    ev.add_argument("--lungs", type=Path, default=None, help="lung model: add the lung check")
    hs = sub.add_parser(
        "heatmap-scale",
        help="fix the absolute heatmap scale from training films, in a new model file",
    )
    hs.add_argument("model", type=Path, help="the exported model (read, not modified)")
    hs.add_argument("data", type=Path, help="Kermany-layout root the model was trained on")
    hs.add_argument(
        "--out", type=Path, default=None, help="the new model (default MODEL-scaled.onnx beside it)"
    )
    hr = sub.add_parser(
        "heatmap-report", help="heatmap metrics on validation films and a contact sheet"
    )
    hr.add_argument("model", type=Path)
    hr.add_argument("data", type=Path)
    hr.add_argument("--out", type=Path, default=Path("runs/heatmaps"))
    hr.add_argument("--checkpoint", type=Path, default=None, help="best.pt for ONNX-vs-PyTorch")
    hr.add_argument("--sheet", type=Path, default=None, help="write the contact sheet PNG here")
    hr.add_argument("--lungs", type=Path, default=None, help="lung model: heat inside the lungs")
    qz = sub.add_parser("quantize", help="int8 model for CPUs, written only when parity holds")
    qz.add_argument("model", type=Path)
    qz.add_argument("data", type=Path)
    qz.add_argument("--out", type=Path, required=True)
    lu = sub.add_parser("lungs", help="train, check and export the lung-field model")
    lu.add_argument("--masks", type=Path, default=SHARED_DATA / "lung-masks")
    lu.add_argument("--data", type=Path, default=SHARED_DATA / "kermany-224")
    lu.add_argument("--out", type=Path, default=Path("runs/lungs"))
    lu.add_argument("--model-out", type=Path, required=True)
    lu.add_argument("--epochs", type=int, default=80)
    lu.add_argument("--resume", action="store_true")
    ga = sub.add_parser("gate", help="scope probe, leave-one-source-out table, operating point")
    ga.add_argument("model", type=Path, help="the model with its heatmap scale (not modified)")
    ga.add_argument("--data", type=Path, default=SHARED_DATA / "kermany-224")
    ga.add_argument("--shared", type=Path, default=SHARED_DATA)
    ga.add_argument("--lungs", type=Path, default=None, help="the lung model for the lung check")
    ga.add_argument("--out", type=Path, required=True, help="folder for gate.json")
    ga.add_argument("--model-out", type=Path, required=True)
    ga.add_argument("--model-version", required=True)
    return parser


def fit_config(args: argparse.Namespace) -> TrainConfig:
    """The run's configuration from ``cxr-train fit`` arguments (paths made absolute here)."""
    return TrainConfig(
        data=args.data,
        out=args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        weight_decay=args.weight_decay,
        val_fraction=args.val_fraction,
        patience=args.patience,
        seed=args.seed,
        threads=args.threads,
        limit=args.limit,
        input_size=(args.input_size, args.input_size),
        widths=tuple(int(v) for v in args.widths.split(",")),
        cache_dir=args.cache_dir,
        device=args.device,
        model_version=args.model_version,
        resume=args.resume,
        stop_after=args.stop_after,
        adult_data=args.adult_data,
        dicom_data=args.dicom_data,
        outliers_per_batch=args.outliers_per_batch,
        scope_weight=args.scope_weight,
        ema_decay=args.ema_decay,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stdout
    )

    try:
        return _run(args)
    except MissingDataError as exc:  # a configured data folder is missing: say which, no traceback
        print(f"cxr-train {args.cmd}: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """Run the chosen stage."""
    if args.cmd == "fit":
        from training.trainer import train

        train(fit_config(args))
        return 0
    if args.cmd == "lungs":
        from training.gate_stage import run_lungs

        rep = run_lungs(args.masks, args.data, args.out, args.model_out, args.epochs, args.resume)
        print(json.dumps(rep, indent=1))
        return 0
    if args.cmd == "gate":
        from training.gate_stage import run_gate

        res = run_gate(
            args.model, args.data, args.shared, args.lungs, args.out, args.model_out,
            args.model_version,
        )  # fmt: skip
        print(json.dumps(res, indent=1))
        return 0
    if args.cmd == "export":
        from training.trainer import export_run

        export_run(args.run, args.out)
        return 0
    if args.cmd == "quantize":
        from training.quantize import quantize

        figures = quantize(args.model, args.data, args.out)
        print(json.dumps(figures, indent=1))
        return 0
    if args.cmd == "heatmap-scale":
        from training.heatmap_scale import write_cam_scale

        write_cam_scale(args.model, args.data, args.out)
        return 0
    if args.cmd == "heatmap-report":
        from training.heatmap_report import heatmap_report

        heatmap_report(args.model, args.data, args.out, args.checkpoint, args.sheet, args.lungs)
        return 0
    if args.cmd == "card":
        from training.model_card import write_card

        print(
            write_card(
                args.model,
                args.evaluation,
                args.out,
                args.command,
                args.shifted_evaluation,
                args.heatmaps,
                args.gate,
                args.lungs,
            )
        )
        return 0
    from training.evaluate import evaluate

    evaluate(
        args.model,
        args.data,
        split=args.split,
        out=args.out,
        threshold=args.threshold,
        n_boot=args.bootstrap,
        lungs=args.lungs,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
