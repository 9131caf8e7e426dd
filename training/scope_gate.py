"""``cxr-train gate``: fit the scope probe (child / adult / other) on a trained model's embedding,
set its operating point, the classifier's temperature and threshold on children as a new site
would send them, and write a new model file (the exported file is never rewritten).

Why a read-out on the embedding rather than the model's own scope output: the backbone already
tells adults from children, but the scope output learnt "Hannover versus Guangzhou" and its
threshold was set on a deliberately harsh copy. A linear read-out trained on adults from four
hospitals (plus non-chest images), with positives and negatives through the same acquisition
changes, generalises to a hospital it has not seen; the leave-one-source-out table measures that.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from inference.model.contract import ModelContract, ScopeProbe
from inference.model.onnx_metadata import session_metadata
from inference.model.preprocess import standardize
from training.scope_sets import ScopeSets, harsh_copy, kermany_style, mild_copy

log = logging.getLogger("cxr-train")

CLASSES = ["child", "adult", "other"]


@dataclass
class Outputs:
    """What the exported graph says about a set (float model), plus the lung check."""

    emb: np.ndarray
    scope: np.ndarray
    maha: np.ndarray
    class_probs: np.ndarray
    lungs_out: np.ndarray  # bool: the lung check failed

    def subset(self, idx: np.ndarray) -> Outputs:
        return Outputs(*(getattr(self, k)[idx] for k in asdict(self)))


class Runner:
    """The exported model and the lung model on uint8 model planes, as the app runs them."""

    def __init__(self, model: Path, lungs: Path | None) -> None:
        import onnxruntime as ort

        from inference.model.lung_fields import LungSession

        self.sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
        self.contract = ModelContract.from_metadata(session_metadata(self.sess))
        self.lungs = LungSession.load(lungs) if lungs else None

    def run(self, planes: np.ndarray, batch: int = 64) -> Outputs:

        embs, scopes, cps, louts = [], [], [], []
        for i in range(0, len(planes), batch):
            units = planes[i : i + batch].astype(np.float32) / 255.0
            x = np.stack([standardize(u)[None] for u in units])
            cp, emb, sc = self.sess.run(["class_probs", "embedding", "scope_prob"], {"image": x})
            embs.append(emb)
            scopes.append(sc)
            cps.append(cp)
            louts.append(self.lungs_out(planes[i : i + batch]))
        emb = np.concatenate(embs)
        ood = self.contract.ood
        maha = ood.distance(emb) if ood is not None else np.zeros(len(emb))
        return Outputs(
            emb, np.concatenate(scopes), maha, np.concatenate(cps), np.concatenate(louts)
        )

    def lungs_out(self, planes: np.ndarray) -> np.ndarray:
        """True where the lung check fails (all False without a lung model)."""
        if self.lungs is None:
            return np.zeros(len(planes), bool)
        return np.array([f.problem is not None for f in self.lungs.analyse_planes(planes)], bool)

    def old_out(self, o: Outputs, scope_t: float | None = None) -> np.ndarray:
        """The shipped gate's decision: scope output below its threshold (or ``scope_t``), or
        the Mahalanobis distance above its own."""
        c = self.contract
        out = o.scope < float(scope_t if scope_t is not None else c.scope_threshold or 0.0)
        if c.ood is not None:
            out |= o.maha > c.ood.threshold
        return out


# -- the probe ----------------------------------------------------------------------------------
def fit_probe(pos: np.ndarray, adult: np.ndarray, other: np.ndarray, c: float = 0.3) -> ScopeProbe:
    """Multinomial logistic regression on the standardised embedding, classes balanced."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([pos, adult, other]).astype(np.float64)
    y = np.concatenate([np.zeros(len(pos)), np.ones(len(adult)), np.full(len(other), 2)])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    lr.fit((x - mean) / scale, y.astype(int))
    return ScopeProbe(
        classes=list(CLASSES),
        mean=mean.tolist(),
        scale=scale.tolist(),
        coef=lr.coef_.tolist(),
        intercept=lr.intercept_.tolist(),
        threshold=0.5,
    )


def probe_threshold(
    p_child_sets: list[np.ndarray], other_out: list[np.ndarray], budgets: list[float]
) -> float:
    """Highest P(child) threshold (at most 0.5) keeping every children's set within its budget
    out of scope, counting what the other gates (scope output, Mahalanobis, lungs) keep out."""
    best = 0.5
    for p, out, budget in zip(p_child_sets, other_out, budgets, strict=True):
        allowed = int(np.floor(budget * len(p))) - int(out.sum())
        cand = np.sort(p[~out])
        if allowed <= 0 or len(cand) == 0:
            t = float(cand[0]) if len(cand) else 0.5
        else:
            # halfway between the last child allowed out and the first kept in: a threshold on a
            # child's exact score would flip with float noise between runtimes
            k = min(allowed, len(cand) - 1)
            t = 0.5 * float(cand[k - 1] + cand[k])
        best = min(best, t)
    return float(np.clip(best, 1e-4, 0.5))


@dataclass
class Embedded:
    """The runner's outputs for every set the gate needs (training copies and judging copies)."""

    child_train: Outputs
    child_val: Outputs
    child_val_mild: Outputs
    child_val_harsh: Outputs
    adults: dict[str, Outputs]
    adults_restyled: dict[str, Outputs]
    adults_mild: dict[str, Outputs]
    adults_harsh: dict[str, Outputs]
    other: dict[str, Outputs]
    other_mild: dict[str, Outputs]
    child_train_mild: Outputs
    child_train_harsh: Outputs


def embed_sets(runner: Runner, sets: ScopeSets, seed: int = 0) -> Embedded:
    r = runner.run
    return Embedded(
        child_train=r(sets.child_train),
        child_val=r(sets.child_val),
        child_val_mild=r(sets.child_val_mild),
        child_val_harsh=r(sets.child_val_harsh),
        adults={k: r(v) for k, v in sets.adults.items()},
        adults_restyled={k: r(kermany_style(v, seed + 1)) for k, v in sets.adults.items()},
        adults_mild={k: r(mild_copy(v, seed + 2)) for k, v in sets.adults.items()},
        adults_harsh={k: r(harsh_copy(v, seed + 3)) for k, v in sets.adults.items()},
        other={k: r(v) for k, v in sets.other.items()},
        other_mild={k: r(mild_copy(v, seed + 4)) for k, v in sets.other.items()},
        child_train_mild=r(mild_copy(sets.child_train, seed + 5)),
        child_train_harsh=r(harsh_copy(sets.child_train, seed + 6)),
    )


def refresh_lungs(runner: Runner, sets: ScopeSets, e: Embedded, seed: int = 0) -> None:
    """Recompute the lung check (only) of every set the gate is judged on, for cached outputs
    of the same classifier with a new lung model. Copies are regenerated with embed_sets' seeds."""
    lo = runner.lungs_out
    e.child_val.lungs_out = lo(sets.child_val)
    e.child_val_mild.lungs_out = lo(sets.child_val_mild)
    e.child_val_harsh.lungs_out = lo(sets.child_val_harsh)
    for k, v in sets.adults.items():
        e.adults[k].lungs_out = lo(v)
        e.adults_restyled[k].lungs_out = lo(kermany_style(v, seed + 1))
    for k, v in sets.other.items():
        e.other[k].lungs_out = lo(v)


def save_embedded(e: Embedded, path: Path) -> None:
    """The runner's outputs as one .npz (arrays only), so the gate can be refitted without
    running the models again."""
    arrays = {}
    for name, value in vars(e).items():
        items = value.items() if isinstance(value, dict) else [("", value)]
        for key, o in items:
            for field_name, arr in asdict(o).items():
                arrays[f"{name}|{key}|{field_name}"] = arr
    np.savez(path, **arrays)


def load_embedded(path: Path) -> Embedded:
    parts: dict[str, dict[str, dict[str, np.ndarray]]] = {}
    with np.load(path, allow_pickle=False) as z:
        for full in z.files:
            name, key, field_name = full.split("|")
            parts.setdefault(name, {}).setdefault(key, {})[field_name] = z[full]
    kwargs = {}
    for name, by_key in parts.items():
        outs = {k: Outputs(**v) for k, v in by_key.items()}
        kwargs[name] = outs[""] if list(outs) == [""] else outs
    return Embedded(**kwargs)


def _cat(parts: list[Outputs]) -> np.ndarray:
    return np.concatenate([p.emb for p in parts])


def fit_with(e: Embedded, adult_sources: list[str], c: float = 0.3) -> ScopeProbe:
    pos = _cat([e.child_train, e.child_train_mild, e.child_train_harsh])
    adult = _cat(
        [d[s] for d in (e.adults, e.adults_restyled, e.adults_mild, e.adults_harsh)
         for s in adult_sources]
    )  # fmt: skip
    other = _cat([*e.other.values(), *e.other_mild.values()])
    return fit_probe(pos, adult, other, c)


#: Children's share each validation set may lose to the whole gate: plain and mild copies (a new
#: site), and the deliberately harsh shifted copy (the bar is at most 3%: 2.9% leaves a margin).
BUDGETS = {"child_val": 0.01, "child_val_mild": 0.01, "child_val_harsh": 0.029}
#: The scope output's threshold keeps this share of the harsh copy (2.0.0: 97%); the probe now
#: does the adults' work, so the scope output keeps more children and leaves the probe room.
SCOPE_KEEPS_HARSH = 0.99


@dataclass
class Gate:
    scope_threshold: float
    probe: ScopeProbe


def gate_out(runner: Runner, gate: Gate, o: Outputs) -> np.ndarray:
    """The new gate: the scope rule, the lung check, or P(child) below the probe's threshold."""
    p_child = gate.probe.probabilities(o.emb)[:, 0]
    return runner.old_out(o, gate.scope_threshold) | o.lungs_out | (p_child < gate.probe.threshold)


def set_threshold(runner: Runner, probe: ScopeProbe, e: Embedded, scale: float = 1.0) -> Gate:
    """The scope output's threshold relaxed to keep ``SCOPE_KEEPS_HARSH`` of the harsh copy
    (never raised), then the probe's threshold within the children's budgets (x ``scale``)."""
    harsh = e.child_val_harsh.scope
    scope_t = float(min(runner.contract.scope_threshold or 0.0,
                        np.quantile(harsh, 1.0 - SCOPE_KEEPS_HARSH)))  # fmt: skip
    sets = [getattr(e, name) for name in BUDGETS]
    t = probe_threshold(
        [probe.probabilities(o.emb)[:, 0] for o in sets],
        [runner.old_out(o, scope_t) | o.lungs_out for o in sets],
        [b * scale for b in BUDGETS.values()],
    )
    return Gate(scope_t, ScopeProbe(**{**asdict(probe), "threshold": t}))


def leave_one_source_out(runner: Runner, e: Embedded, c: float) -> dict:
    """For each adult source: fit without it, and measure the share of it kept out (as sent,
    and re-encoded like Kermany), with the children's share that falls out."""
    table = {}
    sources = list(e.adults)
    for s in sources:
        probe = set_threshold(runner, fit_with(e, [x for x in sources if x != s], c), e)
        table[s] = {
            "n": len(e.adults[s].emb),
            "kept_out": round(float(gate_out(runner, probe, e.adults[s]).mean()), 4),
            "kept_out_restyled": round(
                float(gate_out(runner, probe, e.adults_restyled[s]).mean()), 4
            ),
            "children_val_out": round(float(gate_out(runner, probe, e.child_val).mean()), 4),
            "children_mild_out": round(float(gate_out(runner, probe, e.child_val_mild).mean()), 4),
            "children_harsh_out": round(
                float(gate_out(runner, probe, e.child_val_harsh).mean()), 4
            ),
            "shipped_gate_kept_out": round(float(runner.old_out(e.adults[s]).mean()), 4),
        }
        log.info("gate LOSO %s: %s", s, table[s])
    return table


def figures(runner: Runner, probe: Gate, e: Embedded) -> dict:
    """Kept-out shares of every set with the final probe (in-sample for the adults: see LOSO)."""

    def share(o: Outputs) -> float:
        return round(float(gate_out(runner, probe, o).mean()), 4)

    return {
        "children_val_out": share(e.child_val),
        "children_mild_out": share(e.child_val_mild),
        "children_harsh_out": share(e.child_val_harsh),
        "children_val_lungs_out": round(float(e.child_val.lungs_out.mean()), 4),
        "children_harsh_lungs_out": round(float(e.child_val_harsh.lungs_out.mean()), 4),
        "adults_kept_out_in_sample": {k: share(v) for k, v in e.adults.items()},
        "other_kept_out": {k: share(v) for k, v in e.other.items()},
    }


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))
