"""Shared fixtures: the shipped KB (built once per session) and a CLI runner."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from culpa import paths
from culpa.cli import main
from culpa.store import open_store

REPO = Path(__file__).resolve().parent.parent
SHARED_VOCAB = REPO.parent / "shared" / "vocab"


@pytest.fixture(scope="session")
def kb():
    return open_store()


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run `culpa ARGS...` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A writable copy of ontology/ and kb/ for tests that break the content on purpose."""
    root = paths.data_root()
    for folder in ("ontology", "kb"):
        shutil.copytree(root / folder, tmp_path / folder)
    return tmp_path
