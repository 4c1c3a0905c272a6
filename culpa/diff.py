"""`culpa diff OLD NEW`: norms added, removed or changed between two versions of the KB.

OLD and NEW are git revisions of this repository (e.g. HEAD~3, a tag) or export files
(.trig, .nq, .ttl, .nt, .jsonld, .rdf). A norm is "changed" when any asserted statement about it
differs; derived index triples are left out of the comparison.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import CulpaError
from .namespaces import CULPA, PREFIXES

DERIVED = {CULPA + p for p in ("concernsRole", "visibleIn", "applicability", "inInstrument", "appliesIn")} | {
    PREFIXES["rdfs"] + "label"}
NORM_CLASSES = {CULPA + c for c in ("Norm", "Obligation", "Prohibition", "Recommendation", "Permission")}
RDF_TYPE = PREFIXES["rdf"] + "type"
SUFFIXES = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
            ".owl": ox.RdfFormat.RDF_XML}


@dataclass
class NormDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, tuple[set, set]] = field(default_factory=dict)  # norm -> (lost, gained) statements


def norms_of(store: ox.Store) -> dict[str, set[tuple[str, str]]]:
    """norm IRI -> its asserted (predicate, object) pairs."""
    norms = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None)
             if isinstance(q.subject, ox.NamedNode) and q.object.value in NORM_CLASSES}
    facts: dict[str, set[tuple[str, str]]] = {n: set() for n in norms}
    for norm in norms:
        for q in store.quads_for_pattern(ox.NamedNode(norm), None, None):
            if q.predicate.value not in DERIVED:
                facts[norm].add((q.predicate.value, str(q.object)))
    return facts


def compare(old: ox.Store, new: ox.Store) -> NormDiff:
    a, b = norms_of(old), norms_of(new)
    result = NormDiff(added=sorted(set(b) - set(a)), removed=sorted(set(a) - set(b)))
    for norm in sorted(set(a) & set(b)):
        if a[norm] != b[norm]:
            result.changed[norm] = (a[norm] - b[norm], b[norm] - a[norm])
    return result


def load_version(ref: str) -> ox.Store:
    path = Path(ref)
    if path.suffix.lower() in SUFFIXES and path.is_file():
        store = ox.Store()
        try:
            store.load(path=str(path), format=SUFFIXES[path.suffix.lower()])
        except SyntaxError as exc:
            raise CulpaError(f"{ref}: does not parse: {exc}") from None
        return store
    return _from_git(ref)


def _from_git(rev: str) -> ox.Store:
    repo = paths.data_root()
    if not (repo / ".git").exists():
        raise CulpaError(f"{rev!r} is neither an export file ({', '.join(SUFFIXES)}) nor usable as a git revision "
                         "(this culpa is not a git checkout)")
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", rev, "--", "ontology", "kb"],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        raise CulpaError(f"{rev!r} is neither an export file nor a git revision: {listing.stderr.strip()}")
    from .store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in listing.stdout.split():
            if not name.endswith(".ttl"):
                continue
            data = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{name}"], capture_output=True, check=True).stdout
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        for folder in ("ontology", "kb"):
            (root / folder).mkdir(exist_ok=True)
        return open_store(root).store


def label(iri: str) -> str:
    from .namespaces import compact

    return compact(iri)
