"""The peer of bench/drift.bench.ts: Evidently's data-drift preset on the same files, read with pandas.
Prints seconds and peak memory (MB) as JSON. Usage: drift_evidently.py REFERENCE CURRENT"""
import json
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import pandas as pd  # noqa: E402
from evidently import Report  # noqa: E402
from evidently.presets import DataDriftPreset  # noqa: E402

start = time.perf_counter()
read = pd.read_parquet if sys.argv[1].endswith(".parquet") else pd.read_csv
reference, current = read(sys.argv[1]), read(sys.argv[2])
snapshot = Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
drifted = snapshot.dict()["metrics"][0]["value"]
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "drifted": drifted}, default=str))
