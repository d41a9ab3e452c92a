"""Writes reference/current CSV files with known columns and prints what scipy computes for each column.

Usage: drift_scipy.py OUT_DIR. Prints {"cases": {case: {"reference", "current", "columns": {name: {...}}}}}.
Every statistic is computed on the non-missing values, as `mlops drift` computes it; PSI follows the
definition documented in src/core/drift/distances.ts (reference-quantile bins, empty bins at 0.0001).
"""
import json
import math
import os
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = sys.argv[1]
rng = np.random.default_rng(20261204)
BINS = 10


def psi(ref_counts, cur_counts):
    r = np.asarray(ref_counts, float) / np.sum(ref_counts)
    c = np.asarray(cur_counts, float) / np.sum(cur_counts)
    r[r == 0] = 0.0001
    c[c == 0] = 0.0001
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_reference(a, b):
    a = a[~np.isnan(a)]
    b = b[~np.isnan(b)]
    if a.size == 0 or b.size == 0:
        return {"type": "empty"}
    ks = stats.ks_2samp(a, b)
    edges = np.unique(np.quantile(a, np.arange(1, BINS) / BINS))
    ref_counts = np.bincount(np.searchsorted(edges, a, "right"), minlength=edges.size + 1)
    cur_counts = np.bincount(np.searchsorted(edges, b, "right"), minlength=edges.size + 1)
    return {
        "type": "numeric",
        "ks": [float(ks.statistic), float(ks.pvalue)],
        "wasserstein": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
        "psi": psi(ref_counts, cur_counts),
    }


def categorical_reference(a, b):
    a = [x for x in a if x is not None]
    b = [x for x in b if x is not None]
    if not a or not b:
        return {"type": "empty"}
    cats = sorted(set(a) | set(b))
    ra = [a.count(c) for c in cats]
    rb = [b.count(c) for c in cats]
    chi = stats.chi2_contingency(np.array([ra, rb]))
    return {
        "type": "categorical",
        "chi2": [float(chi.statistic), float(chi.pvalue)],
        "jensenshannon": float(jensenshannon(ra, rb)),
        "psi": psi(ra, rb),
    }


def with_nans(x, share):
    x = x.copy()
    x[rng.random(x.size) < share] = np.nan
    return x


def cats(n, letters, p):
    return list(rng.choice(letters, size=n, p=p))


def write(path, columns, n):
    names = list(columns)
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            cells = []
            for name in names:
                v = columns[name][i]
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    cells.append("")
                elif isinstance(v, str):
                    cells.append(v)
                else:
                    cells.append(repr(float(v)))
            f.write(",".join(cells) + "\n")


def case(name, n_ref, n_cur, make):
    ref, cur = make(n_ref, 0), make(n_cur, 1)
    write(os.path.join(OUT, f"{name}-ref.csv"), ref, n_ref)
    write(os.path.join(OUT, f"{name}-cur.csv"), cur, n_cur)
    columns = {}
    for col in ref:
        a, b = ref[col], cur[col]
        if isinstance(a, np.ndarray):
            columns[col] = numeric_reference(a, b)
        else:
            columns[col] = categorical_reference(a, b)
    return {"reference": f"{name}-ref.csv", "current": f"{name}-cur.csv", "columns": columns}


def mixed(n, shifted):
    s = 0.4 * shifted
    return {
        "normal": rng.normal(s, 1, n),
        "ties": np.round(rng.normal(s, 1, n), 1),
        "integers": rng.integers(0, 6 + shifted, n).astype(float),
        "with_nans": with_nans(rng.exponential(1 + s, n), 0.1),
        "constant": np.full(n, 3.0),
        "constant_ref": np.full(n, 1.0) if not shifted else rng.normal(1, 0.1, n),
        "empty_current": rng.normal(0, 1, n) if not shifted else np.full(n, np.nan),
        "plan": cats(n, ["basic", "pro", "team"], [0.5, 0.3, 0.2] if not shifted else [0.4, 0.3, 0.3]),
        "binary": cats(n, ["no", "yes"], [0.7, 0.3] if not shifted else [0.6, 0.4]),
        "one_category": cats(n, ["same"], [1.0]),
        "new_category": cats(n, ["a", "b"] + (["c"] if shifted else []), [0.5, 0.5] if not shifted else [0.4, 0.4, 0.2]),
        "categorical_gaps": [None if rng.random() < 0.2 else c for c in cats(n, ["x", "y"], [0.5, 0.5])],
    }


def unshifted(n, _):
    return {
        "normal": rng.normal(0, 1, n),
        "ties": np.round(rng.normal(0, 1, n), 1),
        "plan": cats(n, ["basic", "pro", "team"], [0.5, 0.3, 0.2]),
    }


def big(n, shifted):
    # Shifts of three sizes put the KS statistic in each region of kstwo.sf's algorithm choice.
    return {
        "normal": rng.normal(0.03 * shifted, 1, n),
        "moderate_shift": rng.normal(0.3 * shifted, 1, n),
        "strong_shift": rng.normal(1.0 * shifted, 1, n),
        "ties": np.round(rng.normal(0, 1, n), 2),
    }


cases = {
    "equal-sizes": case("equal-sizes", 400, 400, mixed),
    "unequal-sizes": case("unequal-sizes", 700, 1300, mixed),
    "no-shift": case("no-shift", 900, 600, unshifted),
    "asymptotic": case("asymptotic", 20000, 15000, big),
    "small-batch": case("small-batch", 20000, 120, big),
    "medium-batch": case("medium-batch", 30000, 700, big),
}
json.dump({"cases": cases}, sys.stdout)
