"""Turn what a user types (a key, a label, a code, a CURIE or an IRI) into a KB term.

Each parameter type names the class its values must have, so an unknown value is refused with
the list of valid choices instead of silently matching nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import CulpaError, InvalidChoice
from .namespaces import CULPA, ID, expand

# parameter type -> (class IRI, IRI folder, what to call it in messages)
TERM_TYPES: dict[str, tuple[str, str, str]] = {
    "role": (CULPA + "Role", ID + "role/", "role"),
    "jurisdiction": (CULPA + "Jurisdiction", ID + "jurisdiction/", "jurisdiction"),
    "topic": (CULPA + "Topic", ID + "topic/", "topic"),
    "threat": (CULPA + "Threat", ID + "threat/", "threat"),
    "norm": (CULPA + "Norm", ID + "norm/", "norm"),
    "instrument": (CULPA + "LegalInstrument", ID + "instrument/", "instrument"),
    "theory": (CULPA + "LiabilityTheory", ID + "theory/", "liability theory"),
    "force": (CULPA + "BindingForce", CULPA, "binding force"),
}




@dataclass
class Vocabulary:
    """Lookup tables for one parameter type, built once per store."""

    kind: str
    by_key: dict[str, set[str]]
    short_names: list[str]

    def resolve(self, given: str) -> ox.NamedNode:
        text = given.strip()
        full = expand(text)
        folder = TERM_TYPES[self.kind][1]
        candidates = [full, folder + text]
        known = {iri for iris in self.by_key.values() for iri in iris}
        for iri in candidates:
            if iri in known:
                return ox.NamedNode(iri)
        matches = self.by_key.get(text.casefold(), set())
        if len(matches) == 1:
            return ox.NamedNode(next(iter(matches)))
        if len(matches) > 1:
            names = sorted(_short(m, folder) for m in matches)
            raise CulpaError(f"{self.kind} {given!r} is ambiguous; it could be: {', '.join(names)}")
        raise InvalidChoice(TERM_TYPES[self.kind][2], given, self.short_names)


def quick_resolve(query, kind: str, given: str) -> ox.NamedNode | None:
    """The common case without building the whole vocabulary: the input is a key, CURIE or IRI
    of a term of the right class. None when it is not (then the full lookup decides)."""
    from .queries import support_query

    cls, folder, _ = TERM_TYPES[kind]
    text = given.strip()
    if not text or any(c in text for c in ' <>"{}|^`\\'):
        return None
    for iri in dict.fromkeys((expand(text), folder + text)):
        if ":" not in iri:
            continue
        term = ox.NamedNode(iri)
        if any(True for _ in query(support_query("is-a").text, {ox.Variable("term"): term, ox.Variable("class"): ox.NamedNode(cls)})):
            return term
    return None


def _short(iri: str, folder: str) -> str:
    return iri[len(folder):] if iri.startswith(folder) else iri


def vocabulary(query, kind: str) -> Vocabulary:
    """Build the lookup for ``kind`` using ``query(sparql, substitutions)``."""
    cls, folder, _ = TERM_TYPES[kind]
    by_key: dict[str, set[str]] = {}
    terms: set[str] = set()
    from .queries import support_query

    for row in query(support_query("choices").text, {ox.Variable("class"): ox.NamedNode(cls)}):
        iri = row["term"].value
        terms.add(iri)
        by_key.setdefault(row["key"].value.casefold(), set()).add(iri)
    for iri in terms:
        by_key.setdefault(_short(iri, folder).casefold(), set()).add(iri)
    return Vocabulary(kind, by_key, sorted(_short(t, folder) for t in terms))


def parse_date(given: str, what: str = "date") -> ox.Literal:
    """A YYYY-MM-DD string -> xsd:date literal; anything else is refused."""
    try:
        day = dt.date.fromisoformat(given.strip())
    except ValueError:
        raise CulpaError(f"bad {what} {given!r}: use the form YYYY-MM-DD, e.g. 2026-11-26") from None
    if len(given.strip()) != 10:
        raise CulpaError(f"bad {what} {given!r}: use the form YYYY-MM-DD, e.g. 2026-11-26")
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
