"""`culpa info`: what the KB holds: triples, graphs, and norms per instrument."""
from __future__ import annotations

from .queries import run_support
from .store import KnowledgeBase


def info_lines(kb: KnowledgeBase) -> list[str]:
    lines = [f"quads: {len(kb.store)} in {len(kb.sources)} source graphs + inferred ({kb.inferred_triples} derived)"]
    counts = run_support(kb, "counts").rows[0]
    lines.append(
        f"norms: {counts['norms'].value}  roles: {counts['roles'].value}  liability rules: {counts['rules'].value}"
        f"  provisions: {counts['provisions'].value}  mappings: {counts['mappings'].value}"
        f"  last review: {counts['lastReview'].value if counts['lastReview'] else '-'}"
    )
    lines.append("")
    lines.append(f"{'jur':6} {'norms':>5} {'provisions':>10}  {'status':28} instrument")
    for row in run_support(kb, "instruments").rows:
        get = lambda k: row[k].value if row.get(k) is not None else ""  # noqa: E731
        lines.append(f"{get('jurisdiction'):6} {get('norms'):>5} {get('provisions'):>10}  {get('status'):28} {get('label')}")
    return lines
