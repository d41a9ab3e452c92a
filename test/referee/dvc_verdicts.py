"""Real DVC's verdict on pipeline folders, for the dvc-agreement referee test.

Usage: python dvc_verdicts.py FOLDER...
Prints {"dvc": VERSION, "verdicts": [{"folder", "ok", "stages", "edges", "dvcFiles" | "error": {"type", "message"}}]}
on stdout; an edge is "writer -> reader" between dvc.yaml stages; dvcFiles are `*.dvc` files DVC also loaded.

Each folder is copied to a fresh temporary directory, made a DVC repo (`dvc init --no-scm`) and loaded the way
`dvc repro` / `dvc dag` / `dvc stage list` load it: every dvc.yaml is read and schema-checked, every stage is
resolved (vars, foreach/matrix, `${}`), the top-level sections (metrics, plots, params, artifacts, datasets)
are read and the stage graph is built (cycles,
duplicated and overlapping outputs). Any exception along the way is DVC's rejection.
One Python process for all folders: importing DVC costs far more than loading a pipeline.
"""

import json
import os
import shutil
import sys
import tempfile

from dvc import __version__ as dvc_version
from dvc.repo import Repo
from dvc.repo.index import Index
from dvc.stage import PipelineStage


def verdict(folder: str) -> dict:
    home = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="dvc-referee-") as tmp:
        root = os.path.join(tmp, "repo")
        shutil.copytree(folder, root, ignore=shutil.ignore_patterns(".dvc", ".git"))
        Repo.init(root, no_scm=True).close()
        os.chdir(root)  # DVC's messages then name files relative to the folder, as a user would see them
        repo = Repo(root)
        try:
            index = Index.from_repo(repo)
            # Stages of dvc.yaml files only: `*.dvc` files (data tracked with `dvc add`/`import`) are stages to DVC
            # but not pipeline stages; they are reported apart.
            stages = sorted(stage.addressing for stage in index.stages if isinstance(stage, PipelineStage))
            # DVC's edges run from a stage to the stage it depends on; report them writer → reader.
            edges = sorted(
                f"{dep.addressing} -> {stage.addressing}"
                for stage, dep in index.graph.edges
                if isinstance(stage, PipelineStage) and isinstance(dep, PipelineStage)
            )
            tracked = sorted(stage.addressing for stage in index.stages if not isinstance(stage, PipelineStage))
            return {"folder": folder, "ok": True, "stages": stages, "edges": edges, "dvcFiles": tracked}
        except Exception as exc:  # noqa: BLE001 - any failure to load is the verdict we report
            if isinstance(exc, ImportError) and "is supported, but requires" in str(exc):
                # A remote URL (s3://, gs://, ...) whose optional plugin (dvc-s3, ...) is not installed: the
                # pipeline is valid, DVC only lacks the package to reach that storage.
                return {"folder": folder, "ok": True, "stages": [], "note": f"loaded up to a missing plugin: {exc}"}
            message = str(exc)
            if exc.__cause__ is not None:
                message += f" (caused by: {exc.__cause__})"
            return {"folder": folder, "ok": False, "error": {"type": type(exc).__name__, "message": message}}
        finally:
            repo.close()
            os.chdir(home)


def main() -> None:
    os.environ.setdefault("DVC_NO_ANALYTICS", "1")
    # DVC prints progress ("Initialized DVC repository.") on stdout; keep the real stdout for the JSON alone.
    result = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    verdicts = [verdict(folder) for folder in sys.argv[1:]]
    json.dump({"dvc": dvc_version, "verdicts": verdicts}, result, indent=1)
    result.write("\n")
    result.close()


if __name__ == "__main__":
    main()
