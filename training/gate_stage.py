"""The two stages after ``fit``: the lung-field model (``cxr-train lungs``) and the scope gate
with the new operating point (``cxr-train gate``). Each writes its own outputs in the run folder."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np

from training.gate_model import logits_from, operating_point, report, write_gated
from training.scope_gate import (
    BUDGETS,
    Runner,
    embed_sets,
    figures,
    fit_with,
    leave_one_source_out,
    load_embedded,
    refresh_lungs,
    save_embedded,
    set_threshold,
    write_json,
)
from training.scope_sets import build

log = logging.getLogger("cxr-train")


def lung_check_numbers(runner_lungs, planes: list[np.ndarray]) -> dict:
    """The lung check's numbers from children's films (plain, mild and harsh copies): a margin
    beyond what 99.8% (areas) and 99.5% (border) of each set reach, so the check costs almost no
    child, even one whose film was cropped tight."""
    from inference.model.lung_contract import LungCheck

    loose = dataclasses.replace(runner_lungs.contract, check=LungCheck(0.0, 1.0, 0.0))
    mins, edges, totals = [], [], []
    for group in planes:
        fields = runner_lungs.analyse_planes(group, loose)
        a = [min(f.areas) for f in fields]
        e = [max(f.edge_shares) for f in fields]
        t = [sum(f.areas) for f in fields]
        mins.append(np.quantile(a, 0.002))
        edges.append(np.quantile(e, 0.995))
        totals.append(np.quantile(t, 0.002))
    return {
        "min_lung_area": round(float(max(0.005, 0.8 * min(mins))), 4),
        "max_edge_share": round(float(min(0.95, max(edges) + 0.05)), 4),
        "min_total_area": round(float(max(0.02, 0.8 * min(totals))), 4),
    }


def run_lungs(masks: Path, kermany: Path, out: Path, model_out: Path, epochs: int,
              resume: bool) -> dict:  # fmt: skip
    from inference.model.lung_fields import LungSession
    from training.acquisition import shifted_copy
    from training.data import discover, grouped_split, load_arrays
    from training.lung_fit import LungConfig, contract_with, export, fit
    from training.scope_sets import mild_copy

    cross = {}
    for src, other in (("jsrt", "openist"), ("openist", "jsrt")):
        one = LungConfig(data=masks, out=out / f"{src}-only", epochs=50, train_sources=(src,))
        _, r = fit(one, resume=resume)
        cross[f"{src}->{other}"] = r["left_out"][other]
    cfg = LungConfig(data=masks, out=out, epochs=epochs)
    net, rep = fit(cfg, resume=resume)
    rep["cross_source"] = cross
    draft = out / "cxr-lungs-draft.onnx"
    export(net, contract_with(cfg, rep), draft)
    _, val_s = grouped_split(discover(kermany, "train"), 0.15, 0)
    val = load_arrays(val_s, (224, 224), Path(".cache"))
    check = lung_check_numbers(
        LungSession.load(draft), [val, mild_copy(val, 1235), shifted_copy(val, 1234)]
    )
    log.info("lung check numbers from children: %s", check)
    rep["check"] = check
    export(net, contract_with(cfg, rep, check), model_out)
    write_json(out / "report.json", rep)
    return rep


def graph_sha256(model: Path) -> str:
    """Hash of the graph alone (weights and nodes, not the metadata), so a metadata-only change
    such as the heatmap scale keeps the cached embeddings valid."""
    import hashlib

    import onnx

    return hashlib.sha256(onnx.load(str(model)).graph.SerializeToString()).hexdigest()


def run_gate(
    model: Path,
    kermany: Path,
    shared: Path,
    lungs: Path | None,
    out: Path,
    model_out: Path,
    version: str,
    c: float = 0.3,
    target_sensitivity: float = 0.95,
) -> dict:
    runner = Runner(model, lungs)
    sets = build(kermany, shared)
    cache = out / "embedded.npz"
    key = out / "embedded.graph-sha256"
    graph = graph_sha256(model)
    if cache.is_file() and key.is_file() and key.read_text() == graph:
        e = load_embedded(cache)  # the same graph as the cached run: only the lungs again
        refresh_lungs(runner, sets, e)
    else:
        e = embed_sets(runner, sets)
        out.mkdir(parents=True, exist_ok=True)
        save_embedded(e, cache)
        key.write_text(graph)
    loso = leave_one_source_out(runner, e, c)
    gate = set_threshold(runner, fit_with(e, list(e.adults), c), e)
    probe = gate.probe
    fig = figures(runner, gate, e)
    t_old = runner.contract.temperature
    y = sets.child_val_y
    lv = logits_from(e.child_val.class_probs, t_old)
    lm = logits_from(e.child_val_mild.class_probs, t_old)
    lh = logits_from(e.child_val_harsh.class_probs, t_old)
    temperature, threshold = operating_point([lv, lm], [y, y], target_sensitivity)
    op = {
        "fitted_on": "validation split plus its mild copy (a new site as it would send films)",
        "target_sensitivity": target_sensitivity,
        "temperature": round(temperature, 4),
        "threshold": round(threshold, 4),
        "val": report(lv, y, temperature, threshold),
        "mild": report(lm, y, temperature, threshold),
        "harsh_stress": report(lh, y, temperature, threshold),
        "previous": {
            "temperature": t_old,
            "threshold": runner.contract.threshold,
            "val": report(lv, y, t_old, runner.contract.threshold),
            "mild": report(lm, y, t_old, runner.contract.threshold),
        },
    }
    result = {
        "version": version,
        "budgets_children_out": BUDGETS,
        "probe_threshold": probe.threshold,
        "scope_threshold": gate.scope_threshold,
        "scope_threshold_before": runner.contract.scope_threshold,
        "leave_one_source_out": loso,
        "figures": fig,
        "operating_point": op,
    }
    write_json(out / "gate.json", result)
    write_gated(
        model,
        model_out,
        version,
        temperature,
        threshold,
        gate,
        {"scope_gate": {k: result[k] for k in ("leave_one_source_out", "figures")},
         "operating_point": op},
    )  # fmt: skip
    log.info("gate: wrote %s", model_out)
    return result
