"""Real DVC's `dvc repro --dry --all-pipelines` on prepared folders, for the repro-dry referee tests.

Usage: python dvc_repro_dry.py SECONDS < CASES.json, SECONDS bounding each case, where CASES is [{"root", "layDown", "remove"}]:
- root: a folder DVC treats as the repository root (made one with `dvc init --no-scm` when it is not);
- layDown: first lay down an empty placeholder for every local dependency and output of every stage that is not
  there (a folder where another path lies below it, an empty file otherwise). A dry run hashes every dependency,
  so a corpus pipeline (its dvc.yaml and params files only) fails on the first script or data file it reads; laid
  down, the dry run reaches what it checks beyond existence: params, the stage graph, the order of stages;
- remove: then delete one dependency no stage writes (the first, sorted), so DVC must fail on it.
Prints [{"root", "ok", "cause", "message", "phase", "removed", "outside"}] on stdout: phase "load" when DVC
refused to load the pipeline (the dvc-agreement referee judges those), "timeout" (with "seconds") when the case
took longer than SECONDS, "outside" when a dependency or output is a
URL or lies outside the root (nothing local to lay down), "no-source" when there was nothing to remove, "dry"
otherwise. One Python process for every case:
importing DVC costs far more than a dry run.
"""

import json
import os
import signal
import sys

from dvc.dependency.param import ParamsDependency
from dvc.repo import Repo


def local_paths(repo: Repo) -> tuple[set[str], set[str], list[str]]:
    """(every dependency and output path, the outputs, paths outside the root or not local) of every stage."""
    paths: set[str] = set()
    outs: set[str] = set()
    outside: list[str] = []
    for stage in repo.index.stages:
        for dep in stage.deps:
            if isinstance(dep, ParamsDependency):
                continue  # a params file is part of the case as written; a missing one is what DVC must report
            if dep.fs.protocol != "local" or not dep.is_in_repo:
                outside.append(dep.def_path)
            else:
                paths.add(dep.fs_path)
        for out in stage.outs:
            if out.fs.protocol != "local" or not out.is_in_repo:
                outside.append(out.def_path)
            else:
                paths.add(out.fs_path)
                outs.add(out.fs_path)
    return paths, outs, outside


def lay_down(paths: set[str]) -> list[str]:
    """Creates what is missing; returns the files created."""
    folders = {p for p in paths if any(q.startswith(p + os.sep) for q in paths)}
    made = []
    for path in sorted(paths):
        if os.path.lexists(path):
            continue
        if path in folders:
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").close()
            made.append(path)
    return made


def dry_run(case: dict) -> dict:
    root = case["root"]
    result = {"root": root}
    if not os.path.isdir(os.path.join(root, ".dvc")):
        Repo.init(root, no_scm=True).close()
    os.chdir(root)  # DVC's messages then name files relative to the root, as a user would see them
    repo = Repo(root)
    try:
        if case.get("layDown"):
            try:
                paths, outs, outside = local_paths(repo)
            except Exception as exc:  # noqa: BLE001 - DVC's refusal to load is the verdict we report
                return {**result, "ok": False, "phase": "load", "cause": type(exc).__name__, "message": str(exc)}
            if outside:
                return {**result, "ok": False, "phase": "outside", "outside": sorted(set(outside))}
            made = lay_down(paths)
            if case.get("remove"):
                sources = [p for p in made if p not in outs]
                if not sources:
                    return {**result, "ok": False, "phase": "no-source"}
                os.remove(sources[0])
                result["removed"] = os.path.relpath(sources[0], root)
            repo.close()
            repo = Repo(root)  # the index was read before the files were there
        try:
            # every dvc.yaml below the root, as `dvc repro --dry --all-pipelines` (without it DVC reads ./dvc.yaml)
            repo.reproduce(dry=True, all_pipelines=True)
            return {**result, "ok": True, "phase": "dry"}
        except Exception as exc:  # noqa: BLE001 - the failure is the verdict
            cause = exc.__cause__ or exc
            return {**result, "ok": False, "phase": "dry", "cause": type(cause).__name__, "message": str(cause)}
    finally:
        repo.close()


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so DVC's own `except Exception` cannot swallow it."""


def bounded(case: dict, seconds: int) -> dict:
    """dry_run(case), or a timeout verdict once `seconds` have passed (SIGALRM interrupts DVC where it is)."""

    def expire(_signum, _frame):
        raise CaseTimeout

    signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        return dry_run(case)
    except CaseTimeout:
        return {"root": case["root"], "ok": False, "phase": "timeout", "seconds": seconds}
    finally:
        signal.alarm(0)


def main() -> None:
    os.environ.setdefault("DVC_NO_ANALYTICS", "1")
    seconds = int(sys.argv[1])
    # DVC prints "Running stage" on stdout; keep the real stdout for the JSON alone.
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    json.dump([bounded(case, seconds) for case in json.load(sys.stdin)], out)
    out.close()


if __name__ == "__main__":
    main()
