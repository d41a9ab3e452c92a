"""Fit a softmax regression by full-batch gradient descent on data/train.csv and every labelled production batch
(production/batches/*.csv, once production has sent some); write model.json and the loss curve."""
import glob
import math

from common import live_metric, load_params, predict_proba, read_rows, write_csv, write_json

params = load_params("train")
# Production's labelled batches are the current data: retraining after drift learns from them (sorted: the same
# rows in the same order every time, so the same batches give the same model).
batches = sorted(glob.glob("production/batches/*.csv"))
rows = read_rows("data/train.csv") + [row for batch in batches for row in read_rows(batch)]
n_classes = 1 + max(label for _, label in rows)
n_features = len(rows[0][0])
model = {"weights": [[0.0] * n_features for _ in range(n_classes)], "bias": [0.0] * n_classes}

history = []
for epoch in range(1, params["epochs"] + 1):
    grad_w = [[0.0] * n_features for _ in range(n_classes)]
    grad_b = [0.0] * n_classes
    loss = 0.0
    for x, label in rows:
        p = predict_proba(model, x)
        loss -= math.log(max(p[label], 1e-12))
        for k in range(n_classes):
            err = p[k] - (1.0 if k == label else 0.0)
            grad_b[k] += err
            for j in range(n_features):
                grad_w[k][j] += err * x[j]
    n = len(rows)
    for k in range(n_classes):
        model["bias"][k] -= params["lr"] * grad_b[k] / n
        for j in range(n_features):
            w = model["weights"][k][j]
            model["weights"][k][j] = w - params["lr"] * (grad_w[k][j] / n + params["l2"] * w)
    loss = round(loss / n, 6)
    history.append((epoch, loss))
    live_metric("train_loss", loss, epoch)

write_json("model.json", model)
write_csv("plots/train_loss.csv", ["epoch", "train_loss"], history)
print(f"train: {len(rows)} rows ({len(batches)} production batches), {params['epochs']} epochs, final loss {history[-1][1]}")
