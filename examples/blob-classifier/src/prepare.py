"""Generate three seeded Gaussian blobs in 2-D and split them into data/train.csv and data/test.csv."""
import os
import random

from common import load_params, write_csv

CENTERS = [(-2.0, 0.0), (2.0, 0.5), (0.0, 2.5)]
SPREAD = 1.1

params = load_params("prepare")
rng = random.Random(params["seed"])
rows = [
    (round(rng.gauss(cx, SPREAD), 6), round(rng.gauss(cy, SPREAD), 6), label)
    for label, (cx, cy) in enumerate(CENTERS)
    for _ in range(params["samples_per_class"])
]
rng.shuffle(rows)
n_test = int(len(rows) * params["test_fraction"])

for name, part in (("test.csv", rows[:n_test]), ("train.csv", rows[n_test:])):
    write_csv(os.path.join("data", name), ["x1", "x2", "label"], part)
print(f"prepare: {len(rows) - n_test} train rows, {n_test} test rows")
