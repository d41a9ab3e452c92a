"""Score model.json on data/test.csv: metrics.json (accuracy, loss, per-class recall) and a confusion plot."""
import json
import math

from common import predict_proba, read_rows, write_csv, write_json

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
write_json("metrics.json", metrics)
write_csv("plots/confusion.csv", ["actual", "predicted"], pairs)
print(f"evaluate: accuracy {metrics['accuracy']}, loss {metrics['loss']}")
