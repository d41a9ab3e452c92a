"""Writes the drift bench's data: reference and current, ROWS rows × 20 columns (15 numeric, 5 categorical;
the current data shifted in 6 of them), as CSV and as Parquet (snappy, pyarrow's default).

Usage: drift_data.py OUT_DIR ROWS
"""
import os
import sys

import numpy as np
import pandas as pd

out, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(11)


def frame(shifted):
    data = {}
    for i in range(15):
        shift = 0.2 * shifted if i < 4 else 0.0
        data[f"num{i}"] = rng.normal(shift, 1 + i / 10, rows)
    for i in range(5):
        p = [0.5, 0.3, 0.2] if not (shifted and i < 2) else [0.3, 0.3, 0.4]
        data[f"cat{i}"] = rng.choice(["alpha", "beta", "gamma"], rows, p=p)
    return pd.DataFrame(data)


for name, shifted in (("reference", 0), ("current", 1)):
    df = frame(shifted)
    df.to_csv(os.path.join(out, f"{name}.csv"), index=False)
    df.to_parquet(os.path.join(out, f"{name}.parquet"))
