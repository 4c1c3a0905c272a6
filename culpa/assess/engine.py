"""Run the assessment rules (queries/assess/*.rq) over the KB plus one scenario, in a throw-away store.

The shared store is never written: the KB's quads are copied into a fresh in-memory store (without the
other worked cases), the scenario goes into its own graph and the rules' output into the results graph
<https://w3id.org/culpa/graph/assessment>; the store is dropped when the assessment is done.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import CulpaError
from ..namespaces import ASSESSMENT_GRAPH, CULPA, GRAPH, PREFIXES
from ..queries import parse_header

CASES_GRAPH = GRAPH + "kb/cases/"
KEEP_CASE_GRAPHS = {CASES_GRAPH + "activities"}
SCENARIO_GRAPH = GRAPH + "scenario"


def rules_dir() -> Path:
    return paths.queries_dir() / "assess"


def rule_files() -> list[Path]:
    return sorted(rules_dir().glob("*.rq"))


@dataclass
class Assessment:
    store: ox.Store
    scenario: ox.NamedNode
    as_of: dt.date

    def query(self, sparql: str, **subs):
        bound = {ox.Variable(k): v for k, v in subs.items()}
        return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=bound or None)

    def results(self) -> list[ox.Triple]:
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(ASSESSMENT_GRAPH))]

    def scenario_triples(self) -> list[ox.Triple]:
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(SCENARIO_GRAPH))]


def working_store(kb) -> ox.Store:
    """A private copy of the KB without the worked cases (their IRIs would mix with the scenario's)."""
    store = ox.Store()
    quads = [q for q in kb.store
             if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(CASES_GRAPH)
                     and q.graph_name.value not in KEEP_CASE_GRAPHS)]
    store.extend(quads)
    return store


def run(kb, scenario: ox.NamedNode, triples: list[ox.Triple], as_of: dt.date | None = None, *, private: bool = False,
        reasoner: str = "rules") -> Assessment:
    """``private=True``: the caller built ``kb`` for this one assessment (the CLI); its store is used and dropped.
    ``reasoner="owl"``: after the role rules (1x-*.rq), the roles HermiT infers are added (culpa.assess.owl_roles)."""
    store = kb.store if private else working_store(kb)
    if private:
        for g in list(store.named_graphs()):
            if g.value.startswith(CASES_GRAPH) and g.value not in KEEP_CASE_GRAPHS:
                store.remove_graph(g)
    graph = ox.NamedNode(SCENARIO_GRAPH)
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    if as_of is None:
        rows = list(store.query("SELECT ?s ?d WHERE { ?s culpa:hasIncident/culpa:incidentDate ?d }", prefixes=PREFIXES,
                                use_default_graph_as_union=True, substitutions={ox.Variable("s"): scenario}))
        if not rows:
            raise CulpaError("the scenario has no incident date")
        as_of = dt.date.fromisoformat(rows[0]["d"].value)
    values = {"scenario": scenario, "asOf": ox.Literal(as_of.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))}
    results = ox.NamedNode(ASSESSMENT_GRAPH)
    for path in rule_files():
        if reasoner == "owl" and path.name.startswith("20"):
            _add_owl_roles(store, scenario, results)
        rule = parse_header(path)
        subs = {ox.Variable(p.name): values[p.name] for p in rule.params}
        try:
            triples_out = store.query(rule.text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise CulpaError(f"{path.name}: rule does not parse: {exc}") from None
        store.extend([ox.Quad(t.subject, t.predicate, t.object, results) for t in triples_out])
    return Assessment(store, scenario, as_of)


def _add_owl_roles(store: ox.Store, scenario: ox.NamedNode, results: ox.NamedNode) -> None:
    from .owl_roles import classify

    holds = ox.NamedNode(CULPA + "holdsRole")
    store.extend([ox.Quad(ox.NamedNode(actor), holds, ox.NamedNode(role), results)
                  for actor, roles in classify(store, scenario).items() for role in sorted(roles)])
