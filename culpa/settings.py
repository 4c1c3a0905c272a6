"""Which store culpa answers from: the embedded one (default) or a SPARQL 1.1 endpoint.

The setting comes from, in this order: the ``--store`` / ``--gsp`` / ``--update`` options of any
command, the environment (``CULPA_STORE``, ``CULPA_GSP``, ``CULPA_UPDATE``, ``CULPA_STORE_TIMEOUT``,
``CULPA_STORE_USER``, ``CULPA_STORE_PASSWORD``), a config file (``CULPA_CONFIG``, else ``./culpa.toml``, else
``~/.config/culpa/culpa.toml``) with a ``[store]`` table::

    [store]
    endpoint = "http://127.0.0.1:7878/query"   # SPARQL 1.1 query URL, or "embedded"
    gsp = "http://127.0.0.1:7878/store"        # Graph Store Protocol URL (for `culpa push`)
    update = "http://127.0.0.1:7878/update"    # SPARQL 1.1 Update URL (push swaps staged graphs in)
    timeout = 30                               # seconds per request
    user = "dba"                               # optional HTTP credentials (basic or digest)
    password = "..."

``endpoint = "embedded"`` (or nothing at all) keeps the in-process store.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import CulpaError

EMBEDDED = "embedded"


@dataclass(frozen=True)
class StoreSettings:
    endpoint: str | None = None   # None: the embedded store
    gsp: str | None = None
    timeout: float = 30.0
    user: str | None = None
    password: str | None = None
    update: str | None = None     # SPARQL 1.1 Update URL: push stages each graph, then swaps it in

    @property
    def remote(self) -> bool:
        return self.endpoint is not None


# What the command line said (`--store`, `--gsp`, `--update`); set by culpa.cli.main for one run.
_OVERRIDE: dict[str, str | None] = {}
_KEYS = ("endpoint", "gsp", "update", "timeout", "user", "password")


def override(*, store: str | None = None, gsp: str | None = None, update: str | None = None) -> None:
    _OVERRIDE.clear()
    _OVERRIDE.update({k: v for k, v in (("endpoint", store), ("gsp", gsp), ("update", update)) if v})


def config_file() -> Path | None:
    named = os.environ.get("CULPA_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise CulpaError(f"CULPA_CONFIG={named}: no such file")
        return path
    for path in (Path("culpa.toml"), Path.home() / ".config" / "culpa" / "culpa.toml"):
        if path.is_file():
            return path
    return None


def _from_file() -> dict:
    path = config_file()
    if path is None:
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("store", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CulpaError(f"{path}: cannot read the config file: {exc}") from None
    if not isinstance(table, dict):
        raise CulpaError(f"{path}: [store] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise CulpaError(f"{path}: unknown [store] key {unknown[0]!r}; known: {', '.join(_KEYS)}")
    return table


def store_settings() -> StoreSettings:
    values = dict(_from_file())
    for key, env in (("endpoint", "CULPA_STORE"), ("gsp", "CULPA_GSP"), ("update", "CULPA_UPDATE"),
                     ("timeout", "CULPA_STORE_TIMEOUT"),
                     ("user", "CULPA_STORE_USER"), ("password", "CULPA_STORE_PASSWORD")):
        if os.environ.get(env):
            values[key] = os.environ[env]
    values.update(_OVERRIDE)
    return make_settings(**values)


def make_settings(endpoint=None, gsp=None, timeout=30.0, user=None, password=None, update=None) -> StoreSettings:
    if endpoint in (None, "", EMBEDDED):
        endpoint = None
    for what, url in (("store", endpoint), ("gsp", gsp), ("update", update)):
        if url is not None and not str(url).startswith(("http://", "https://")):
            raise CulpaError(f"bad {what} URL {url!r}: use http://... or https://... (or 'embedded' for the store)")
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        raise CulpaError(f"bad store timeout {timeout!r}: give seconds, e.g. 30") from None
    if timeout <= 0:
        raise CulpaError("the store timeout must be positive")
    return StoreSettings(endpoint, gsp, timeout, user, password, update or None)
