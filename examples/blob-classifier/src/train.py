"""Fit a softmax regression on data/train.csv by full-batch gradient descent; write model.json and the loss curve."""
import math

from common import live_metric, load_params, predict_proba, read_rows, write_csv, write_json

params = load_params("train")
rows = read_rows("data/train.csv")
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
print(f"train: {params['epochs']} epochs, final loss {history[-1][1]}")
