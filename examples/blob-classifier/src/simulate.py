"""Production, simulated: one batch of data a day, scored by the trained model and checked for drift, each day
logged as a run of the "monitoring" experiment that the alerts in .mlops.json watch.

From day `--drift-from` on, the world moves: every point shifts by DRIFT_STEP more each day, so the inputs
drift away from the training data (`mlops drift` sees it at once) and accuracy falls as the shift grows.
Each day, in the project folder:
  production/batches/day-NN.csv   the day's batch (x1, x2, label), seeded by the day: the same bytes every time
  production/scores/day-NN.json   accuracy and latency (score_batch.py)
  production/scores/day-NN.drift.json   `mlops drift --metrics-out` of the batch against data/train.csv
and `mlops runs log --experiment monitoring --name day-NN` records both files' metrics as one run.

Usage: python3 src/simulate.py --last 10 [--first 1] [--drift-from 6] [--mlops "mlops"]
(run `mlops run` first: it needs data/train.csv and model.json; --mlops, or env MLOPS, is how to call mlops)
"""
import argparse
import os
import random
import shlex
import subprocess
import sys

from common import blob_rows, write_csv

BATCH_PER_CLASS = 50
DRIFT_STEP = (0.9, 0.6)
SEED = 20240601


def day_batch(day, drift_from):
    """The day's rows: the training blobs, shifted by DRIFT_STEP per day since the drift started."""
    days_drifted = max(0, day - drift_from + 1)
    shift = (DRIFT_STEP[0] * days_drifted, DRIFT_STEP[1] * days_drifted)
    rng = random.Random(SEED + day)
    rows = blob_rows(rng, BATCH_PER_CLASS, shift)
    rng.shuffle(rows)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=int, default=1, help="first day to simulate (default 1)")
    parser.add_argument("--last", type=int, required=True, help="last day to simulate")
    parser.add_argument("--drift-from", type=int, default=6, help="the first day the data drifts (default 6)")
    parser.add_argument("--mlops", default=os.environ.get("MLOPS", "mlops"), help="command that runs mlops")
    parser.add_argument("--experiment", default="monitoring", help="the experiment runs are logged to")
    args = parser.parse_args()
    if not 1 <= args.first <= args.last <= 999:
        parser.error("days must satisfy 1 <= --first <= --last <= 999")
    # Paths below are the project's, wherever the script is started from (as the stages, which run there).
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    for path in ("model.json", "data/train.csv"):
        if not os.path.exists(path):
            sys.exit(f"simulate: {path} is missing: train the model first (mlops run)")
    mlops = shlex.split(args.mlops)

    for day in range(args.first, args.last + 1):
        name = f"day-{day:02d}"
        batch = f"production/batches/{name}.csv"
        score, drift = f"production/scores/{name}.json", f"production/scores/{name}.drift.json"
        write_csv(batch, ["x1", "x2", "label"], day_batch(day, args.drift_from))
        os.makedirs("production/scores", exist_ok=True)
        subprocess.run([sys.executable, "src/score_batch.py", batch, score], check=True, timeout=60)
        subprocess.run(
            [*mlops, "drift", "--reference", "data/train.csv", "--current", batch, "--metrics-out", drift],
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [*mlops, "runs", "log", "--experiment", args.experiment, "--name", name, score, drift],
            check=True,
            timeout=120,
        )
        print(f"simulate: {name} {'drifting' if day >= args.drift_from else 'as trained'}: {batch}")


main()
