"""RDF -> JSON for scenarios: read a Turtle scenario back into the JSON form of docs/assessment.md."""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import CULPA, PREFIXES
from .scenario import CASE_NS, ScenarioError


def _local(term) -> str:
    return term.value.rstrip("/").rsplit("/", 1)[-1]


def from_turtle(data: bytes) -> dict:
    store = ox.Store()
    try:
        store.load(data, format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise ScenarioError(f"malformed Turtle scenario: {exc}") from None
    q = lambda text, **s: list(store.query(text, prefixes=PREFIXES, substitutions={ox.Variable(k): v for k, v in s.items()} or None))  # noqa: E731
    rows = q("SELECT ?s WHERE { ?s a culpa:Scenario }")
    if len(rows) != 1:
        raise ScenarioError(f"a Turtle scenario must hold exactly one culpa:Scenario (found {len(rows)})")
    s = rows[0]["s"]
    if not s.value.startswith(CASE_NS):
        raise ScenarioError(f"scenario IRI must start with {CASE_NS}")
    one = lambda subj, prop: next((r["o"] for r in q("SELECT ?x ?p ?o WHERE { ?x ?p ?o }", x=subj, p=ox.NamedNode(prop))), None)  # noqa: E731
    many = lambda subj, prop: [r["o"] for r in q("SELECT ?x ?p ?o WHERE { ?x ?p ?o }", x=subj, p=ox.NamedNode(prop))]  # noqa: E731
    C, L, N = CULPA, "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#note"
    val = lambda t: None if t is None else t.value  # noqa: E731
    system = one(s, C + "concernsSystem")
    inc = one(s, C + "hasIncident")
    out = {"key": s.value[len(CASE_NS):].split("/")[0], "label": val(one(s, L)), "jurisdiction": val(one(s, C + "jurisdiction")),
           "system": {}, "actors": [], "contracts": [], "failures": [], "damages": []}
    if val(one(s, N)):
        out["note"] = val(one(s, N))
    if system is not None:
        out["system"] = {"label": val(one(system, L)), "supply": _local(one(system, C + "supplyMode")) if one(system, C + "supplyMode") else "product",
                         "risk_class": _local(one(system, C + "systemRiskClass")) if one(system, C + "systemRiskClass") else None}
        if one(system, C + "placedOnMarket"):
            out["system"]["placed_on_market"] = val(one(system, C + "placedOnMarket"))
        if one(system, C + "substantiallyModifiedOn"):
            out["system"]["substantially_modified_on"] = val(one(system, C + "substantiallyModifiedOn"))
    for a in many(s, C + "hasActor"):
        roles = [val(one(ra, C + "assignedRole")) for ra in many(a, C + "hasRoleAssignment")]
        actor = {"id": _local(a), "label": val(one(a, L)), "activities": [_local(x) for x in many(a, C + "performed")]}
        if roles:
            actor["roles"] = roles
        out["actors"].append(actor)
    for k in many(s, C + "hasContract"):
        clauses = [{"label": val(one(cl, L)), "type": _local(one(cl, C + "clauseType")), "allocates_to": _local(one(cl, C + "allocatesTo")),
                    "topics": [_local(t) for t in many(cl, C + "topic")]} for cl in many(k, C + "hasClause")]
        out["contracts"].append({"id": _local(k), "label": val(one(k, L)), "parties": [_local(p) for p in many(k, C + "party")], "clauses": clauses})
    for r in q("SELECT ?f WHERE { ?f a culpa:Failure }"):
        f = r["f"]
        actor = one(f, C + "failureOf")
        out["failures"].append({"id": _local(f), "label": val(one(f, L)), "actor": _local(actor) if actor else None,
                                "kind": _local(one(f, C + "failureKind")) if one(f, C + "failureKind") else None,
                                "contribution": val(one(f, C + "contribution")) or "primary",
                                "breaches": [n.value for n in many(f, C + "breaches")]})
    if inc is not None:
        out["incident"] = {"label": val(one(inc, L)), "date": val(one(inc, C + "incidentDate")),
                           "threats": [_local(t) for t in many(inc, C + "threatType")],
                           "exploited": [_local(f) for f in many(inc, C + "exploited")]}
        for d in many(inc, C + "causes"):
            out["damages"].append({"id": _local(d), "label": val(one(d, L)), "kind": _local(one(d, C + "damageKind")),
                                   "suffered_by": _local(one(d, C + "sufferedBy"))})
    return out
