"""A built snapshot of the KB on disk, so that a one-shot command skips parsing and the rules.

`open_store(snapshot=True)` looks for a snapshot whose fingerprint (culpa's version, every source
file and every rule, byte for byte) matches; it opens it read-only in ~30 ms. Otherwise it builds
in memory as usual and writes a snapshot for the next run. Any problem with the cache (read-only
home, full disk, a half-written folder) falls back to the in-memory build: the cache can only
make things faster, never different. Long-running servers keep using the in-memory store, whose
queries are faster.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .build import rule_files
from .sources import SourceFile

KEEP = 3  # snapshots kept; older ones are removed when a new one is written
READY = "READY"


def cache_dir() -> Path:
    if os.environ.get("CULPA_CACHE_DIR"):
        return Path(os.environ["CULPA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "culpa"


def fingerprint(sources: list[SourceFile], rules_folder: Path | None = None) -> str:
    digest = hashlib.sha256(f"culpa {__version__} pyoxigraph {ox.__version__}".encode())
    for source in sources:
        digest.update(source.relative.encode() + b"\0" + source.path.read_bytes() + b"\0")
    for rule in rule_files(rules_folder):
        digest.update(rule.name.encode() + b"\0" + rule.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def open_snapshot(key: str) -> ox.Store | None:
    folder = cache_dir() / key
    if not (folder / READY).is_file():
        return None
    try:
        return ox.Store.read_only(str(folder / "store"))
    except (OSError, RuntimeError, ValueError):
        return None


def write_snapshot(key: str, store: ox.Store) -> None:
    """Best effort: write to a temporary folder, then rename into place."""
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
        persistent = ox.Store(str(tmp / "store"))
        persistent.bulk_extend(store)
        persistent.flush()
        del persistent
        (tmp / READY).write_text(key)
        try:
            tmp.rename(root / key)
        except OSError:  # another process got there first
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root, key)
    except (OSError, RuntimeError, ValueError):
        return


def _prune(root: Path, keep_key: str) -> None:
    snapshots = sorted((p for p in root.iterdir() if p.is_dir() and (p / READY).exists()),
                       key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[KEEP:]:
        if old.name != keep_key:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".building-*"):
        if stale.stat().st_mtime < (stale.stat().st_mtime - 3600):
            shutil.rmtree(stale, ignore_errors=True)
