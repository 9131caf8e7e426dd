"""Check a worklist CSV written by the frozen ``cxr-triage scan`` (standard library only).

Used by installer/smoke_test.sh, which runs the installed binary and then needs an independent
reader for its output: the frozen program has no Python for the test to borrow.

    python3 installer/check_worklist.py WORKLIST.csv --scored a.dcm b.jpeg --failed broken.dcm
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

REQUIRED_COLUMNS = ("rank", "file", "pneumonia_probability", "label", "error")


def check(rows: list[dict[str, str]], scored: list[str], failed: list[str]) -> list[str]:
    """Problems found (empty when the worklist is as expected)."""
    problems: list[str] = []
    if not rows:
        return ["the worklist has no rows"]
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing_cols:
        return [f"missing columns: {', '.join(missing_cols)}"]
    by_file = {row["file"]: row for row in rows}
    expected = set(scored) | set(failed)
    if set(by_file) != expected:
        problems.append(f"files {sorted(by_file)} != expected {sorted(expected)}")
    probs: list[float] = []
    for name in scored:
        row = by_file.get(name)
        if row is None:
            continue
        raw = row["pneumonia_probability"]
        if not raw and row.get("scope") == "out of scope":
            # Out-of-scope rows carry no pneumonia probability; the model's output is kept,
            # unranked, in its own column.
            raw = row.get("model_output_unranked", "")
        try:
            p = float(raw)
        except ValueError:
            problems.append(f"{name}: no probability ({row.get('error') or 'no error given'})")
            continue
        if not (math.isfinite(p) and 0.0 <= p <= 1.0):
            problems.append(f"{name}: probability {p} outside [0, 1]")
        out_of_scope = row.get("scope") == "out of scope"
        if out_of_scope and not (row["label"].startswith("out of scope: ") and not row["rank"]):
            problems.append(
                f"{name}: out of scope but labelled {row['label']!r}, rank {row['rank']!r}"
            )
        if not out_of_scope and row["label"] not in ("pneumonia", "normal"):
            problems.append(f"{name}: label {row['label']!r}")
        if row["error"]:
            problems.append(f"{name}: unexpected error {row['error']!r}")
        probs.append(p)
    for name in failed:
        row = by_file.get(name)
        if row is not None and (not row["error"] or row["pneumonia_probability"]):
            problems.append(f"{name}: expected a readable error and no score, got {row}")
    ranked = [float(r["pneumonia_probability"]) for r in rows
              if r["pneumonia_probability"] and r.get("group", "ranked") == "ranked"]  # fmt: skip
    if ranked != sorted(ranked, reverse=True):
        problems.append("ranked rows are not sorted by decreasing probability")
    groups = [r.get("group", "ranked") for r in rows]
    order = {"ranked": 0, "out of scope": 1, "error": 2}
    if [order.get(g, 3) for g in groups] != sorted(order.get(g, 3) for g in groups):
        problems.append(f"groups out of order: {groups}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--scored", nargs="*", default=[], help="files that must have a score")
    parser.add_argument("--failed", nargs="*", default=[], help="files that must be reported")
    args = parser.parse_args(argv)
    with args.csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    problems = check(rows, args.scored, args.failed)
    for row in rows:
        print(f"  {row['rank'] or '-':>3}  {row['pneumonia_probability'] or '-':>8}  {row['file']}"
              f"  {row['label']}")  # fmt: skip
    for problem in problems:
        print(f"FAIL  worklist: {problem}")
    if not problems:
        print(
            f"PASS  worklist: {len(args.scored)} scored, {len(args.failed)} reported as unreadable"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
