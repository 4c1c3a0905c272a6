"""A wheel built from the repo carries ontology/, kb/, queries/ and webui/, so that
`pip install` of it into a fresh virtual environment gives a working `culpa`."""
from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)], check=True)
    return next(out.glob("culpa-*.whl"))


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("culpa/_data/ontology/culpa.ttl", "culpa/_data/ontology/shapes.ttl", "culpa/_data/kb/eu/ai-act.ttl",
                     "culpa/_data/queries/duties.rq", "culpa/_data/queries/rules/40-scheduled-applicability.rq"):
        assert required in names
    assert any(n.startswith("culpa/_data/webui/") for n in names)


def test_installed_wheel_works_in_a_fresh_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)], check=True)
    culpa = env_dir / "bin" / "culpa"
    # run from a folder outside the checkout so nothing can come from the source tree
    done = subprocess.run([str(culpa), "duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", "2026-11-26",
                           "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)
    where = subprocess.run([str(python), "-c", "from culpa import paths; print(paths.data_root())"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert str(env_dir) in where
    validate = subprocess.run([str(culpa), "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
