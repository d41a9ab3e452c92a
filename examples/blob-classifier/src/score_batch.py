"""Production scoring of one batch (a CSV with x1, x2 and the label known later): the model in model.json
predicts every row; prints the batch's metrics as JSON — accuracy and the mean scoring latency per row in ms —
for the monitoring run simulate.py logs.

Usage: python3 src/score_batch.py BATCH.csv OUT.json
"""
import json
import sys
import time

from common import predict_proba, read_rows, write_json

batch, out = sys.argv[1], sys.argv[2]
with open("model.json", encoding="utf-8") as f:
    model = json.load(f)
rows = read_rows(batch)

started = time.perf_counter()
predicted = [max(range(len(p)), key=p.__getitem__) for p in (predict_proba(model, x) for x, _ in rows)]
elapsed_ms = (time.perf_counter() - started) * 1000

write_json(
    out,
    {
        "accuracy": round(sum(p == label for p, (_, label) in zip(predicted, rows)) / len(rows), 6),
        "latency_ms": round(elapsed_ms / len(rows), 6),
        "rows": len(rows),
    },
)
