"""Generate three seeded Gaussian blobs in 2-D and split them into data/train.csv and data/test.csv."""
import os
import random

from common import blob_rows, load_params, write_csv

params = load_params("prepare")
rng = random.Random(params["seed"])
rows = blob_rows(rng, params["samples_per_class"])
rng.shuffle(rows)
n_test = int(len(rows) * params["test_fraction"])

for name, part in (("test.csv", rows[:n_test]), ("train.csv", rows[n_test:])):
    write_csv(os.path.join("data", name), ["x1", "x2", "label"], part)
print(f"prepare: {len(rows) - n_test} train rows, {n_test} test rows")
