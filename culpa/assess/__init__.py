"""Incident liability assessment (issue 5): scenario in, findings with their reasons out."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import CulpaError
from .scenario import ScenarioError, parse_date, to_triples
from .variants import resolve

__all__ = ["assess", "load_scenario", "expand", "case_keys", "ScenarioError"]
MAX_BYTES = 256 * 1024


def cases_dir() -> Path:
    return paths.data_root() / "kb" / "cases"


def case_keys() -> list[str]:
    return sorted(p.stem for p in cases_dir().glob("*.json"))


def load_scenario(source: str | Path | bytes, *, fmt: str | None = None) -> dict:
    """A scenario as the JSON structure: a case key, a .json/.ttl path, or uploaded bytes."""
    if isinstance(source, bytes):
        data, kind = source, fmt or "json"
    else:
        text = str(source)
        path = Path(text)
        if text in case_keys():
            path = cases_dir() / f"{text}.json"
        elif not path.is_file():
            raise ScenarioError(f"no scenario {text!r}: give a .json or .ttl file or a case key ({', '.join(case_keys())})")
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(f"{path.name}: scenario file larger than {MAX_BYTES} bytes", exit_code=2)
        data, kind = path.read_bytes(), fmt or ("ttl" if path.suffix == ".ttl" else "json")
    if len(data) > MAX_BYTES:
        raise ScenarioError(f"scenario larger than {MAX_BYTES} bytes")
    if kind == "ttl":
        from .rdf_json import from_turtle

        return from_turtle(data)
    return resolve(_parse_json(data), _stored_case)


def expand(data: dict) -> dict:
    """A scenario given as a variant of a stored case (``variant_of``) as the full scenario."""
    return resolve(data, _stored_case)


def _parse_json(data: bytes) -> dict:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"malformed JSON scenario: {exc}") from None


def _stored_case(key: str) -> dict:
    """A case as stored in kb/cases/ (a variant still in its short form), for variant_of."""
    if key not in case_keys():
        raise ScenarioError(f"variant_of: no case {key!r}; cases: {', '.join(case_keys())}")
    return _parse_json((cases_dir() / f"{key}.json").read_bytes())


def assess(kb, data: dict, *, as_of: str | None = None, private: bool = False, reasoner: str = "rules"):
    """Run the rules; returns the engine's Assessment (see culpa.assess.report for its forms)."""
    from . import engine

    day = parse_date(as_of, "--as-of") if as_of else None
    scenario, triples = to_triples(data, kb)
    return engine.run(kb, scenario, triples, day, private=private, reasoner=reasoner)
