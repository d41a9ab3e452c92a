"""The per-job entrypoint of an experiment on a Ray cluster (shipped inside the extension, standard library
only: nothing but Ray and the project's own requirements is needed on the cluster, and no Node).

The submitting side computed the plan (which stages, in which order, with which commands) and packed the
working directory: git-tracked files plus the experiment's params. This program, run by Ray's job agent in
that unpacked directory, does what the local runner does for each stage, and reports to MLflow:

0. reads its spec from MLOPS_JOB and works in a copy of its own of the unpacked package: the experiments of a
   sweep share one package (Ray unpacks it once per node and starts every job of it there), so each writes its
   params files (carried in the spec) and its outputs into its own folder, removed when it ends;
1. restores executable bits (Ray's unzip drops them) and brings the data: `dvc pull` of the stages' deps
   when the plan says the project has a DVC remote, or links from a folder the cluster shares;
2. runs each stage's command through the shell in its wdir, streaming its output prefixed `[stage]` (Ray
   keeps the job's stdout as its log), with MLOPS_METRICS_FILE / MLFLOW_RUN_ID set as locally; a thread
   tails the metrics file and sends each new point to MLflow at once (live metrics);
3. uploads every output, and a manifest of their md5s, as artifacts of the run through MLflow's artifact
   proxy (so `mlops exp apply` can verify what it fetches), then ends the run FINISHED, or FAILED with the
   failing stage named; a SIGTERM from `ray job stop` ends it KILLED.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

JOB_DIR = "_mlops_job"


class Mlflow:
    def __init__(self, uri, run_id):
        self.uri = uri.rstrip("/")
        self.run_id = run_id
        self.headers = {}
        token = os.environ.get("MLFLOW_TRACKING_TOKEN")
        if token:
            self.headers["Authorization"] = "Bearer " + token

    def call(self, method, endpoint, body=None, raw=None, api="mlflow", attempts=6):
        url = "%s/api/2.0/%s/%s" % (self.uri, api, endpoint)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(attempts):
            try:
                req = urllib.request.Request(url, data=data, method=method, headers=headers)
                with urllib.request.urlopen(req, timeout=60) as res:
                    text = res.read().decode() or "{}"
                    return json.loads(text) if text.strip().startswith("{") else {}
            except urllib.error.HTTPError as err:
                if err.code < 500 and err.code != 429:
                    raise RuntimeError("MLflow %s %s failed: %s %s" % (method, endpoint, err.code, err.read()[:300]))
            except OSError:
                pass
            time.sleep(min(5.0, 0.2 * 2**attempt))
        raise RuntimeError("MLflow at %s kept failing %s %s" % (self.uri, method, endpoint))

    def log_points(self, points):
        for i in range(0, len(points), 1000):
            self.call("POST", "runs/log-batch", {"run_id": self.run_id, "metrics": points[i : i + 1000]})

    def end(self, status):
        self.call("POST", "runs/update", {"run_id": self.run_id, "status": status, "end_time": int(time.time() * 1000)})

    def artifact_root(self):
        info = self.call("GET", "runs/get?run_id=" + urllib.parse.quote(self.run_id))["run"]["info"]
        uri = info.get("artifact_uri", "")
        match = re.match(r"^mlflow-artifacts:(?://[^/]*)?/*(.*)$", uri)
        if not match:
            raise RuntimeError("run %s stores artifacts at %s, not through the server's proxy: start the server with --artifacts-destination" % (self.run_id, uri))
        return match.group(1).rstrip("/")

    def upload(self, root, rel, local):
        with open(local, "rb") as f:
            data = f.read()
        path = urllib.parse.quote("%s/%s" % (root, rel))
        self.call("PUT", "artifacts/" + path, raw=data, api="mlflow-artifacts")


class MetricsTail(threading.Thread):
    """Follows the live metrics file (JSON lines) and forwards complete lines; a torn last line waits."""

    def __init__(self, path, mlflow):
        super().__init__(daemon=True)
        self.path, self.mlflow, self.offset, self.done = path, mlflow, 0, threading.Event()

    def run(self):
        while not self.done.wait(0.5):
            self.flush()

    def flush(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except OSError:
            return
        end = chunk.rfind(b"\n")
        if end < 0:
            return
        self.offset += end + 1
        points = []
        for line in chunk[:end].splitlines():
            try:
                rec = json.loads(line)
                value = float(rec["value"])
            except (ValueError, KeyError, TypeError):
                continue
            points.append({"key": str(rec["key"]), "value": value, "step": int(rec.get("step", 0)), "timestamp": int(rec.get("timestamp", time.time() * 1000))})
        if points:
            try:
                self.mlflow.log_points(points)
            except RuntimeError as err:
                print("[mlops] live metrics not sent: %s" % err, flush=True)

    def stop(self):
        self.done.set()
        self.flush()


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def files_of(out):
    if os.path.isfile(out):
        return [out]
    found = []
    for base, dirs, names in os.walk(out):
        dirs.sort()
        found.extend(os.path.join(base, n) for n in sorted(names))
    return found


def bring_data(spec):
    for link in spec.get("links", []):
        target = link["path"]
        if not os.path.lexists(target):
            parent = os.path.dirname(target)
            if parent:
                os.makedirs(parent, exist_ok=True)
            os.symlink(link["source"], target)
    if spec.get("pull"):
        print("[mlops] dvc pull %s" % " ".join(spec["pull"]), flush=True)
        # The job's folder is a copy without .git, which DVC refuses ("not a git repository") unless told.
        subprocess.run(["dvc", "config", "--local", "core.no_scm", "true"], check=True)
        subprocess.run(["dvc", "pull", *spec["pull"]], check=True)


def run_stage(stage, env):
    cmds = stage["cmd"] if isinstance(stage["cmd"], list) else [stage["cmd"]]
    for cmd in cmds:
        proc = subprocess.Popen(cmd, shell=True, cwd=stage["wdir"] or ".", env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        RUNNING.append(proc)
        for line in proc.stdout:
            sys.stdout.write("[%s] %s" % (stage["id"], line.decode(errors="replace")))
            sys.stdout.flush()
        code = proc.wait()
        RUNNING.remove(proc)
        if code != 0:
            return code
    return 0


RUNNING = []


def own_folder(spec):
    """Copies the shared unpacked package into a folder of this job's, moves there and writes the per-job files."""
    shared = os.getcwd()
    private = tempfile.mkdtemp(prefix="mlops-job-")
    shutil.copytree(shared, private, symlinks=True, dirs_exist_ok=True)
    os.chdir(private)
    for rel, data in spec.get("files", {}).items():
        if os.path.isabs(rel) or ".." in rel.split("/"):
            raise RuntimeError("the job's spec names %s, outside its folder" % rel)
        if os.path.dirname(rel):
            os.makedirs(os.path.dirname(rel), exist_ok=True)
        with open(rel, "wb") as f:
            f.write(base64.b64decode(data))
    for rel in spec.get("executable", []):
        os.chmod(rel, 0o755)
    return shared, private


def main(spec, shared, private):
    mlflow = Mlflow(spec["mlflow"]["uri"], spec["mlflow"]["run_id"])

    def on_term(_sig, _frame):
        for proc in list(RUNNING):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except OSError:
                pass
        mlflow.end("KILLED")
        sys.exit(143)

    signal.signal(signal.SIGTERM, on_term)
    metrics_file = os.path.abspath(os.path.join(JOB_DIR, "metrics.jsonl"))
    # Ray puts the shared package on PYTHONPATH: the stages import the project from this job's copy instead.
    pythonpath = [private if p == shared else p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath), MLOPS_METRICS_FILE=metrics_file, MLOPS_RUN_ID=spec["mlflow"]["run_id"], MLFLOW_RUN_ID=spec["mlflow"]["run_id"], MLFLOW_TRACKING_URI=spec["mlflow"]["uri"])
    tail = MetricsTail(metrics_file, mlflow)
    tail.start()
    try:
        bring_data(spec)
        for stage in spec["stages"]:
            print("[mlops] running stage %s" % stage["id"], flush=True)
            began = time.monotonic()
            code = run_stage(stage, env)
            took = time.monotonic() - began
            print("[mlops] stage %s %s" % (stage["id"], "finished in %.3f s" % took if code == 0 else "failed with exit code %d after %.3f s" % (code, took)), flush=True)
            if code != 0:
                tail.stop()
                mlflow.call("POST", "runs/set-tag", {"run_id": mlflow.run_id, "key": "mlops.failed_stage", "value": stage["id"]})
                mlflow.end("FAILED")
                return 1
        tail.stop()
        root = mlflow.artifact_root()
        manifest = {}
        for out in spec["outs"]:
            for path in files_of(out):
                rel = path.replace(os.sep, "/")
                manifest[rel] = {"md5": md5(path), "size": os.path.getsize(path), "isexec": os.access(path, os.X_OK)}
                mlflow.upload(root, "outputs/" + rel, path)
        manifest_path = os.path.join(JOB_DIR, "outputs.json")
        with open(manifest_path, "w") as f:
            json.dump(manifest, f, indent=1, sort_keys=True)
        mlflow.upload(root, "mlops/outputs.json", manifest_path)
        mlflow.end("FINISHED")
        print("[mlops] done: %d output files uploaded" % len(manifest), flush=True)
        return 0
    except Exception as err:  # noqa: BLE001 - any failure ends the run FAILED with the reason
        tail.stop()
        print("[mlops] failed: %s" % err, flush=True)
        try:
            mlflow.call("POST", "runs/set-tag", {"run_id": mlflow.run_id, "key": "mlops.failure", "value": str(err)[:4000]}, attempts=2)
            mlflow.end("FAILED")
        except RuntimeError:
            pass
        return 1


if __name__ == "__main__":
    SPEC = json.loads(os.environ["MLOPS_JOB"])
    SHARED, PRIVATE = own_folder(SPEC)
    try:
        code = main(SPEC, SHARED, PRIVATE)
    finally:
        os.chdir(SHARED)
        shutil.rmtree(PRIVATE, ignore_errors=True)
    sys.exit(code)
