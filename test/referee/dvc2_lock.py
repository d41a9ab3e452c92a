"""Rewrites the dvc.lock in the working folder as DVC 2 would have written it: every entry loses `hash: md5` and
gets DVC 2's md5-dos2unix hash, computed by dvc_data itself, and cached outputs are put in DVC 3's legacy cache
(`.dvc/cache/ab/cdef…`). Stands in for a lock made by DVC 2 on Linux and checked out elsewhere."""
import hashlib
import json
import os
import shutil
import sys

from dvc.repo import Repo
from dvc.utils.serialize import dump_yaml, load_yaml
from dvc_data.hashfile.hash import file_md5

LEGACY = "md5-dos2unix"


def legacy_hash(path):
    if not os.path.isdir(path):
        return file_md5(path, name=LEGACY), None
    listing = []
    for root, _, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, path).replace(os.sep, "/")
            listing.append({"md5": file_md5(full, name=LEGACY), "relpath": rel})
    listing.sort(key=lambda e: e["relpath"])
    text = json.dumps(listing, sort_keys=True)
    return hashlib.md5(text.encode()).hexdigest() + ".dir", (listing, text)


def to_legacy_cache(cache_dir, md5, src, listing):
    def put(value, write):
        dest = os.path.join(cache_dir, value[:2], value[2:])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if not os.path.exists(dest):
            write(dest)

    if listing is None:
        put(md5, lambda dest: shutil.copyfile(src, dest))
        return
    entries, text = listing
    for e in entries:
        put(e["md5"], lambda dest, e=e: shutil.copyfile(os.path.join(src, *e["relpath"].split("/")), dest))
    put(md5, lambda dest: open(dest, "w").write(text))


def main():
    repo = Repo(".")
    cache_dir = repo.cache.legacy.path
    lock = load_yaml("dvc.lock")
    for stage in lock["stages"].values():
        for kind in ("deps", "outs"):
            for entry in stage.get(kind, []):
                value, listing = legacy_hash(entry["path"])
                entry.pop("hash", None)
                entry["md5"] = value
                if kind == "outs":
                    to_legacy_cache(cache_dir, value, entry["path"], listing)
    dump_yaml("dvc.lock", lock)


if __name__ == "__main__":
    sys.exit(main())
