"""Writes reference/current CSV files and prints Evidently's per-column drift verdicts and scores.

Usage: drift_evidently.py OUT_DIR. Prints {"reference", "current", "columns": {name: {test: [score, drift]}}}
for the tests Evidently and `mlops drift` share: ks and wasserstein (normed) on numeric columns,
jensenshannon on categorical ones. Runs in Evidently's own venv (requirements-evidently.txt).
"""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from evidently import DataDefinition, Dataset, Report  # noqa: E402
from evidently.metrics import ValueDrift  # noqa: E402

OUT = sys.argv[1]
rng = np.random.default_rng(7)
P_VALUE = {"ks"}


def frame(n, shifted):
    return pd.DataFrame(
        {
            "stable": rng.normal(0, 1, n),
            "small_shift": rng.normal(0.08 * shifted, 1, n),
            "shifted": rng.normal(0.5 * shifted, 1, n),
            "scaled": rng.normal(0, 1 + 0.3 * shifted, n),
            "ties": np.round(rng.exponential(1 + 0.2 * shifted, n), 1),
            "plan": rng.choice(["basic", "pro", "team"], n, p=[0.5, 0.3, 0.2] if not shifted else [0.35, 0.35, 0.3]),
            "region": rng.choice(["eu", "us", "apac"], n, p=[0.4, 0.4, 0.2]),
        }
    )


numeric = ["stable", "small_shift", "shifted", "scaled", "ties"]
categorical = ["plan", "region"]
cases = {}
for name, (n_ref, n_cur) in {"small": (600, 400), "large": (5000, 3000)}.items():
    ref, cur = frame(n_ref, 0), frame(n_cur, 1)
    ref.to_csv(os.path.join(OUT, f"{name}-ref.csv"), index=False, float_format="%.17g")
    cur.to_csv(os.path.join(OUT, f"{name}-cur.csv"), index=False, float_format="%.17g")
    ref, cur = pd.read_csv(os.path.join(OUT, f"{name}-ref.csv")), pd.read_csv(os.path.join(OUT, f"{name}-cur.csv"))
    definition = DataDefinition(numerical_columns=numeric, categorical_columns=categorical)
    metrics = [ValueDrift(column=c, method=m) for c in numeric for m in ("ks", "wasserstein")]
    metrics += [ValueDrift(column=c, method="jensenshannon") for c in categorical]
    snapshot = Report(metrics).run(
        current_data=Dataset.from_pandas(cur, data_definition=definition),
        reference_data=Dataset.from_pandas(ref, data_definition=definition),
    )
    columns = {}
    for metric in snapshot.dict()["metrics"]:
        config, value = metric["config"], float(metric["value"])
        drift = value < config["threshold"] if config["method"] in P_VALUE else value >= config["threshold"]
        columns.setdefault(config["column"], {})[config["method"]] = [value, bool(drift)]
    cases[name] = {"reference": f"{name}-ref.csv", "current": f"{name}-cur.csv", "columns": columns}
json.dump(cases, sys.stdout)
