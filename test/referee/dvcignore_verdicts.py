"""Real DVC's view of .dvcignore, for the runner-dvcignore referee test.

Usage:
  python dvcignore_verdicts.py match   < cases.json   [{"lines", "path", "isDir"}] -> [ignored, ...]
  python dvcignore_verdicts.py hash ROOT...            {root: {folder: [md5, nfiles, size] | ["ERROR", type]}}

`match` asks DVC's matcher (dvc/ignore.py: the repository root's .dvcignore with DVC's default patterns) whether
each path is ignored. `hash` builds, with DVC's own code (dvc_data's build with a DvcIgnoreFilter of the repository,
as `dvc status` and `dvc repro` hash a dependency), every folder up to two levels below each repository ROOT
(hidden ones excepted); an exception is DVC's refusal. One Python process for all: importing DVC costs most.
"""

import json
import os
import sys
import tempfile

from dvc.fs import localfs
from dvc.ignore import DvcIgnoreFilter, DvcIgnorePatterns
from dvc.repo import Repo
from dvc_data.hashfile.build import build


def match(cases: list) -> list:
    out = []
    with tempfile.TemporaryDirectory(prefix="dvcignore-match-") as tmp:
        root = os.path.realpath(tmp)
        ignore_file = os.path.join(root, ".dvcignore")
        for case in cases:
            with open(ignore_file, "w", encoding="utf-8") as f:
                f.write("\n".join(case["lines"]) + "\n")
            own = DvcIgnorePatterns.from_file(ignore_file, localfs, ".dvcignore")
            # The root's rules in DvcIgnoreFilter: the defaults, then the root file's.
            defaults = DvcIgnorePatterns([".hg/", ".git/", ".git", ".dvc/"], root, "/")
            rules = DvcIgnorePatterns(defaults.pattern_list + own.pattern_list, root, "/")
            dirname, basename = os.path.split(os.path.join(root, case["path"]))
            out.append(bool(rules.matches(dirname, basename, case["isDir"])))
    return out


def folders(root: str) -> list:
    found = []
    for name in sorted(os.listdir(root)):
        top = os.path.join(root, name)
        if name.startswith(".") or not os.path.isdir(top):
            continue
        found.append(top)
        found.extend(os.path.join(top, s) for s in sorted(os.listdir(top)) if not s.startswith(".") and os.path.isdir(os.path.join(top, s)))
    return found


def hashes(roots: list) -> dict:
    out = {}
    for root in roots:
        try:
            repo = Repo(root)
            assert isinstance(repo.dvcignore, DvcIgnoreFilter)
        except Exception as e:  # e.g. a pattern DVC rejects in the root's .dvcignore
            out[root] = {os.path.relpath(f, root): ["ERROR", type(e).__name__] for f in folders(root)}
            continue
        res = {}
        for folder in folders(root):
            try:
                # A fresh filter per folder: DVC's remembers which folders it walked, and notices a sub-repository
                # among a folder's children only once it has walked that folder (dvc/ignore.py `_update`), so a
                # folder's hash could depend on which folders were hashed before it in the same command.
                ignore = DvcIgnoreFilter(repo.fs, repo.root_dir)
                _, meta, obj = build(repo.cache.local, folder, repo.fs, "md5", ignore=ignore, dry_run=True)
                res[os.path.relpath(folder, root)] = [obj.hash_info.value, meta.nfiles, meta.size]
            except Exception as e:  # DVC's refusal is a verdict too.
                res[os.path.relpath(folder, root)] = ["ERROR", type(e).__name__]
        repo.close()
        out[root] = res
    return out


if __name__ == "__main__":
    if sys.argv[1] == "match":
        json.dump(match(json.load(sys.stdin)), sys.stdout)
    else:
        json.dump(hashes(sys.argv[2:]), sys.stdout)
