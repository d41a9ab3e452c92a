"""What real DVC resolves from pipeline folders, for the pipeline-resolve referee test.

Usage: python dvc_resolved.py FOLDER...   (each FOLDER is already a fresh copy; it is made a DVC repo in place)
Prints {"dvc": VERSION, "folders": [{"folder", "ok", "stages": [{"name", "cmd", "params": [...]}]}]} where each
params entry is {"file": path as written, "exists": bool, "missing": [keys DVC cannot find]}.
"""

import json
import os
import sys

from dvc import __version__ as dvc_version
from dvc.dependency.param import ParamsDependency
from dvc.repo import Repo
from dvc.repo.index import Index


def resolved(folder: str) -> dict:
    home = os.getcwd()
    Repo.init(folder, no_scm=True).close()
    os.chdir(folder)
    repo = Repo(folder)
    try:
        stages = []
        for stage in Index.from_repo(repo).stages:
            if not stage.cmd:
                continue  # .dvc files
            params = []
            for dep in stage.deps:
                if not isinstance(dep, ParamsDependency):
                    continue
                exists = dep.exists
                missing = sorted(set(dep.params) - set(dep.read_params())) if exists else []
                params.append({"file": dep.def_path, "exists": exists, "missing": missing})
            cmd = stage.cmd if isinstance(stage.cmd, list) else [stage.cmd]
            stages.append({"name": stage.addressing, "cmd": cmd, "params": params})
        return {"folder": folder, "ok": True, "stages": stages}
    except Exception as exc:  # noqa: BLE001 - a folder DVC rejects is judged by the agreement test, not here
        return {"folder": folder, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        repo.close()
        os.chdir(home)


def main() -> None:
    os.environ.setdefault("DVC_NO_ANALYTICS", "1")
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # DVC prints progress on stdout; keep the real stdout for the JSON
    json.dump({"dvc": dvc_version, "folders": [resolved(f) for f in sys.argv[1:]]}, out, indent=1)
    out.write("\n")
    out.close()


if __name__ == "__main__":
    main()
