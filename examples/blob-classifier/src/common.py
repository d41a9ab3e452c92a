"""Helpers shared by the stages: params loading, CSV and JSON reading and writing, the model's forward pass."""
import csv
import json
import math
import os

# The three classes' centres in 2-D and their spread: the training data (prepare.py) and the simulated production
# batches (simulate.py) come from the same blobs, production's moved once it drifts.
CENTERS = [(-2.0, 0.0), (2.0, 0.5), (0.0, 2.5)]
SPREAD = 1.1


def load_params(section):
    """Read one section of params.yaml (flat `key: value` lines only, to stay dependency-free)."""
    values, current = {}, None
    with open("params.yaml", encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line:
                continue
            if not line.startswith(" "):
                current = line.rstrip(":").strip()
                continue
            if current == section:
                key, value = (part.strip() for part in line.split(":", 1))
                values[key] = json.loads(value) if value[0] in "-0123456789" else value
    return values


def blob_rows(rng, per_class, shift=(0.0, 0.0)):
    """Rows (x1, x2, label): `per_class` points around each centre, moved by `shift`, in seeded order."""
    return [
        (round(rng.gauss(cx + shift[0], SPREAD), 6), round(rng.gauss(cy + shift[1], SPREAD), 6), label)
        for label, (cx, cy) in enumerate(CENTERS)
        for _ in range(per_class)
    ]


def read_rows(path):
    """Rows of (features, label) from a CSV with columns x1, x2, label."""
    with open(path, newline="", encoding="utf-8") as f:
        return [([float(r["x1"]), float(r["x2"])], int(r["label"])) for r in csv.DictReader(f)]


def write_csv(path, header, rows):
    """Write a CSV with Unix line ends (stable bytes, so DVC's md5 is the same on every platform)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def predict_proba(model, x):
    return softmax([b + sum(w * xi for w, xi in zip(ws, x)) for ws, b in zip(model["weights"], model["bias"])])


def live_metric(name, value, step):
    """Append one JSON line to the file the runner names, so the editor can chart it while training runs."""
    path = os.environ.get("MLOPS_METRICS_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"key": name, "value": value, "step": step}) + "\n")
