"""Score model.json on data/test.csv: metrics.json (accuracy, loss, per-class recall) and a confusion plot."""
import csv
import json
import math
import os

from common import predict_proba, read_rows

with open("model.json", encoding="utf-8") as f:
    model = json.load(f)
rows = read_rows("data/test.csv")

pairs, loss = [], 0.0
for x, label in rows:
    p = predict_proba(model, x)
    loss -= math.log(max(p[label], 1e-12))
    pairs.append((label, max(range(len(p)), key=p.__getitem__)))

classes = sorted({actual for actual, _ in pairs})
metrics = {
    "accuracy": round(sum(a == b for a, b in pairs) / len(pairs), 6),
    "loss": round(loss / len(pairs), 6),
    "recall": {
        str(c): round(sum(a == b == c for a, b in pairs) / sum(a == c for a, _ in pairs), 6) for c in classes
    },
}
with open("metrics.json", "w", encoding="utf-8") as f:
    json.dump(metrics, f, indent=2)
    f.write("\n")
os.makedirs("plots", exist_ok=True)
with open("plots/confusion.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["actual", "predicted"])
    out.writerows(pairs)
print(f"evaluate: accuracy {metrics['accuracy']}, loss {metrics['loss']}")
