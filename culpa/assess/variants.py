"""Scenario variants: a case that changes a few facts of another case, stored as those changes only.

    {"key": "optimind-gb", "label": "...", "note": "...", "variant_of": "optimind",
     "changes": {"jurisdiction": "GB"}}

The variant is the base case with ``changes`` merged in: an object merges key by key (``null``
removes a key); a list of objects that all carry an ``id`` merges item by item on ``id`` (an item
``{"id": "x", "remove": true}`` deletes item x, an unknown id is appended; an empty list empties
it); any other value replaces the base's. ``key``, ``label`` and ``note`` are the variant's own. The result is an ordinary scenario.
"""
from __future__ import annotations

import copy
from typing import Callable

from .scenario import ScenarioError

OWN = ("key", "label", "note")
MAX_DEPTH = 5


def _by_id(items) -> bool:
    return isinstance(items, list) and all(isinstance(i, dict) and "id" in i for i in items)


def merge(base, change, where: str = "changes"):
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for k, v in change.items():
            if v is None:
                out.pop(k, None)
            else:
                out[k] = merge(base.get(k), v, f"{where}.{k}")
        return out
    if _by_id(base) and _by_id(change) and change:
        out = [dict(i) for i in base]
        for item in change:
            idx = next((n for n, i in enumerate(out) if i["id"] == item["id"]), None)
            if item.get("remove") is True:
                if idx is None:
                    raise ScenarioError(f"{where}: cannot remove {item['id']!r}: the base has no such item")
                out.pop(idx)
            elif idx is None:
                out.append(copy.deepcopy(item))
            else:
                out[idx] = merge(out[idx], item, f"{where}[{item['id']}]")
        return out
    return copy.deepcopy(change)


def resolve(data: dict, load_base: Callable[[str], dict], _seen: tuple[str, ...] = ()) -> dict:
    """The full scenario of ``data``; ``load_base(key)`` returns a case's stored JSON."""
    if not isinstance(data, dict) or "variant_of" not in data:
        return data
    base_key = data["variant_of"]
    if not isinstance(base_key, str):
        raise ScenarioError("variant_of: must be the key of another case")
    if base_key in _seen or len(_seen) >= MAX_DEPTH:
        raise ScenarioError(f"variant_of: {' -> '.join(_seen + (base_key,))} is circular or too deep")
    changes = data.get("changes", {})
    if not isinstance(changes, dict):
        raise ScenarioError("changes: must be an object of the fields the variant changes")
    base = resolve(load_base(base_key), load_base, _seen + (data.get("key", "?"),))
    out = merge({k: v for k, v in base.items() if k not in OWN}, changes)
    for k in OWN:
        if k in data:
            out[k] = data[k]
    return out
