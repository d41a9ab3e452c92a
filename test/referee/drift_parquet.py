"""Writes Parquet files as pandas/pyarrow write them and prints what pandas reads from each column, in the
terms of `mlops drift`'s columns: numbers (sorted, missing left out) or category counts, and how many are missing.

Usage: drift_parquet.py OUT_DIR. Prints {"files": {name: {"path", "rows", "columns": {name: {...}}}}}.
Each file has nullable doubles and integers, float32, text, dictionary-encoded text, booleans, timestamps and
a list column (nested: read by hyparquet's full read),
spread over several row groups and pages; one file per codec (snappy, gzip, zstd, none) and one with
dictionary encoding off, one written as data page v2.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

out = sys.argv[1]
rng = np.random.default_rng(5)
n = 5000

f64 = rng.normal(0, 3, n)
f64[rng.random(n) < 0.1] = np.nan
i64 = pd.array(rng.integers(-10**12, 10**12, n), dtype="Int64")
i64[rng.random(n) < 0.05] = pd.NA
i32 = pd.array(rng.integers(-50, 50, n), dtype="Int32")
i32[rng.random(n) < 0.2] = pd.NA
f32 = rng.normal(5, 1, n).astype(np.float32)
text = np.array([f"user-{k}" for k in rng.integers(0, 4000, n)], dtype=object)
text[rng.random(n) < 0.1] = None
plan = rng.choice(["free", "pro", "team"], n, p=[0.6, 0.3, 0.1]).astype(object)
flag = rng.random(n) < 0.3
when = pd.to_datetime(1_700_000_000_000 + rng.integers(0, 10**9, n), unit="ms")
constant = np.full(n, 2.5)
tags = [None if k == 0 else list(range(k % 3 + 1)) for k in rng.integers(0, 6, n)]
frame = pd.DataFrame(
    {"f64": f64, "i64": i64, "i32": i32, "f32": f32, "text": text, "plan": plan, "flag": flag, "when": when,
     "constant": constant, "tags": tags}
)


def expected(series):
    missing = int(series.isna().sum())
    present = series.dropna()
    if series.name in ("text", "plan"):
        counts = present.value_counts()
        return {"kind": "categorical", "counts": {str(k): int(v) for k, v in counts.items()}, "missing": missing}
    if series.name == "tags":  # a nested column: each list a category, as JSON.stringify writes it
        counts = present.map(lambda v: json.dumps([int(x) for x in v], separators=(",", ":"))).value_counts()
        return {"kind": "categorical", "counts": {str(k): int(v) for k, v in counts.items()}, "missing": missing}
    if series.name == "flag":
        counts = present.map(lambda b: "true" if b else "false").value_counts()
        return {"kind": "categorical", "counts": {str(k): int(v) for k, v in counts.items()}, "missing": missing}
    if series.name == "when":
        values = (present - pd.Timestamp(0)) // pd.Timedelta(milliseconds=1)  # the milliseconds a JavaScript Date holds
    else:
        values = present.astype("float64")
    return {"kind": "numeric", "values": sorted(float(v) for v in values), "missing": missing}


files = {}
variants = {
    "snappy": {"compression": "snappy"},
    "gzip": {"compression": "gzip"},
    "zstd": {"compression": "zstd"},
    "none": {"compression": "none"},
    "plain": {"compression": "snappy", "use_dictionary": False},
    "v2": {"compression": "snappy", "data_page_version": "2.0"},
}
table = pa.Table.from_pandas(frame, preserve_index=False)
for name, options in variants.items():
    path = os.path.join(out, f"{name}.parquet")
    pq.write_table(table, path, row_group_size=1800, data_page_size=4096, **options)
    back = pd.read_parquet(path)
    files[name] = {"path": path, "rows": len(back), "columns": {c: expected(back[c]) for c in back.columns}}
print(json.dumps({"files": files}))
