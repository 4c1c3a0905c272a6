"""Incident scenarios: the JSON form (docs/assessment.md) <-> RDF in the scenario layer of the ontology.

    data = json.load(open("kb/cases/optimind.json"))
    triples = to_triples(data, kb)     # checks every key against the KB; ScenarioError names the problem
    back = from_triples(triples)       # the same dict again

Every reference (activity, threat, failure kind, damage kind, clause type, jurisdiction, risk class,
actor id) is checked; an unknown one is refused with the list of valid choices.
"""
from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox

from ..errors import CulpaError
from ..namespaces import CULPA, ID

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CASE_NS = ID + "case/"
VOCAB = {  # JSON field -> (namespace, class the value must have in the KB)
    "activity": (ID + "activity/", CULPA + "Activity"),
    "threat": (ID + "threat/", CULPA + "Threat"),
    "failure kind": (ID + "failure-kind/", CULPA + "FailureKind"),
    "damage kind": (ID + "damage-kind/", CULPA + "DamageKind"),
    "clause type": (ID + "clause-type/", CULPA + "ClauseType"),
    "risk class": (ID + "risk-class/", None),
    "supply mode": (ID + "supply-mode/", None),
    "topic": (ID + "topic/", None),
}
DATE_RANGE = (dt.date(1985, 1, 1), dt.date(2100, 12, 31))
CONTRIBUTIONS = ("primary", "contributing")


class ScenarioError(CulpaError):
    """A scenario that cannot be assessed; the message names the field and the value."""


def c(name: str) -> ox.NamedNode:
    return ox.NamedNode(CULPA + name)


def parse_date(value, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise ScenarioError(f"{what}: {value} is out of range ({DATE_RANGE[0]} to {DATE_RANGE[1]})")
    return day


class _Vocab:
    """Valid keys per field, read from the KB once per scenario."""

    def __init__(self, kb):
        self.kb = kb
        self.cache: dict[str, set[str]] = {}

    def keys(self, field: str) -> set[str]:
        if field not in self.cache:
            ns, cls = VOCAB[field]
            rows = self.kb.query("SELECT DISTINCT ?ns ?x WHERE { ?x ?p ?o FILTER(STRSTARTS(STR(?x), ?ns)) }",
                                 {ox.Variable("ns"): ox.Literal(ns)}) if cls is None else \
                self.kb.query("SELECT DISTINCT ?cls ?x WHERE { ?x a ?cls }", {ox.Variable("cls"): ox.NamedNode(cls)})
            self.cache[field] = {r["x"].value[len(ns):] for r in rows if r["x"].value.startswith(ns)}
        return self.cache[field]

    def term(self, field: str, key) -> ox.NamedNode:
        ns, cls = VOCAB[field]
        if isinstance(key, str) and KEY.match(key):
            iri = ox.NamedNode(ns + key)
            pattern = (iri, RDF_TYPE, ox.NamedNode(cls)) if cls else (iri, None, None)
            if next(iter(self.kb.store.quads_for_pattern(*pattern)), None) is not None:
                return iri
        shown = ", ".join(sorted(self.keys(field))[:40])
        raise ScenarioError(f"unknown {field} {key!r}; valid choices: {shown}")


def _req(obj: dict, key: str, where: str, kind=str):
    if not isinstance(obj, dict):
        raise ScenarioError(f"{where}: expected an object, got {type(obj).__name__}")
    value = obj.get(key)
    if value is None or (kind is str and (not isinstance(value, str) or not value.strip())):
        raise ScenarioError(f"{where}: missing or empty field {key!r}")
    if not isinstance(value, kind):
        raise ScenarioError(f"{where}.{key}: expected {kind.__name__}")
    return value


def _id(value, where: str) -> str:
    if not isinstance(value, str) or not KEY.match(value):
        raise ScenarioError(f"{where}: bad id {value!r} (lower-case letters, digits and hyphens)")
    return value


def to_triples(data: dict, kb) -> tuple[ox.NamedNode, list[ox.Triple]]:
    """The scenario's IRI and its triples; raises ScenarioError on anything unknown or malformed."""
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a JSON object")
    vocab = _Vocab(kb)
    key = _id(_req(data, "key", "scenario"), "scenario.key")
    base = CASE_NS + key + "/"
    node = lambda local: ox.NamedNode(base + local)  # noqa: E731
    out: list[ox.Triple] = []
    add = lambda s, p, o: out.append(ox.Triple(s, p, o))  # noqa: E731
    label = lambda s, text: add(s, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(str(text), language="en"))  # noqa: E731

    scenario = node("scenario")
    add(scenario, RDF_TYPE, c("Scenario"))
    label(scenario, _req(data, "label", "scenario"))
    if data.get("note"):
        add(scenario, ox.NamedNode(SKOS + "note"), ox.Literal(str(data["note"]), language="en"))
    jur = kb.resolve("jurisdiction", _req(data, "jurisdiction", "scenario"))
    add(scenario, c("jurisdiction"), jur)

    system = _req(data, "system", "scenario", dict)
    sys_node = node("system")
    add(scenario, c("concernsSystem"), sys_node)
    add(sys_node, RDF_TYPE, c("AISystem"))
    label(sys_node, _req(system, "label", "system"))
    add(sys_node, c("supplyMode"), vocab.term("supply mode", system.get("supply", "product")))
    if system.get("risk_class"):
        add(sys_node, c("systemRiskClass"), vocab.term("risk class", system["risk_class"]))
    placed = None
    if system.get("placed_on_market"):
        placed = parse_date(system["placed_on_market"], "system.placed_on_market")
        add(sys_node, c("placedOnMarket"), ox.Literal(placed.isoformat(), datatype=XSD_DATE))
    if system.get("substantially_modified_on"):
        modified = parse_date(system["substantially_modified_on"], "system.substantially_modified_on")
        if placed and modified < placed:
            raise ScenarioError(f"system.substantially_modified_on: {modified} is before placed_on_market ({placed})")
        add(sys_node, c("substantiallyModifiedOn"), ox.Literal(modified.isoformat(), datatype=XSD_DATE))
    if system.get("note"):
        add(sys_node, ox.NamedNode(SKOS + "note"), ox.Literal(str(system["note"]), language="en"))

    actors = data.get("actors")
    if not isinstance(actors, list) or not actors:
        raise ScenarioError("scenario: 'actors' must be a non-empty list")
    actor_ids: set[str] = set()
    for i, actor in enumerate(actors):
        aid = _id(_req(actor, "id", f"actors[{i}]"), f"actors[{i}].id")
        if aid in actor_ids:
            raise ScenarioError(f"actors[{i}]: duplicate actor id {aid!r}")
        actor_ids.add(aid)
        a = node(aid)
        add(scenario, c("hasActor"), a)
        add(a, RDF_TYPE, c("Actor"))
        label(a, _req(actor, "label", f"actors[{i}]"))
        for act in actor.get("activities", []):
            add(a, c("performed"), vocab.term("activity", act))
        for j, role in enumerate(actor.get("roles", [])):
            ra = node(f"{aid}-stated-role-{j}")
            add(a, c("hasRoleAssignment"), ra)
            add(ra, RDF_TYPE, c("RoleAssignment"))
            add(ra, c("assignedRole"), kb.resolve("role", role))

    def actor_ref(value, where):
        if value not in actor_ids:
            raise ScenarioError(f"{where}: {value!r} is not an actor of the scenario; actors: {', '.join(sorted(actor_ids))}")
        return node(value)

    for i, contract in enumerate(data.get("contracts", [])):
        cid = _id(_req(contract, "id", f"contracts[{i}]"), f"contracts[{i}].id")
        k = node(cid)
        add(k, RDF_TYPE, c("Contract"))
        label(k, contract.get("label", cid))
        add(scenario, c("hasContract"), k)
        for party in contract.get("parties", []):
            add(k, c("party"), actor_ref(party, f"contracts[{i}].parties"))
        for j, clause in enumerate(contract.get("clauses", [])):
            cl = node(f"{cid}-clause-{j}")
            add(k, c("hasClause"), cl)
            add(cl, RDF_TYPE, c("Clause"))
            label(cl, clause.get("label", f"clause {j + 1}"))
            add(cl, c("clauseType"), vocab.term("clause type", _req(clause, "type", f"contracts[{i}].clauses[{j}]")))
            add(cl, c("allocatesTo"), actor_ref(_req(clause, "allocates_to", f"contracts[{i}].clauses[{j}]"), f"contracts[{i}].clauses[{j}].allocates_to"))
            for t in clause.get("topics", []):
                add(cl, c("topic"), vocab.term("topic", t))

    failure_ids: set[str] = set()
    for i, failure in enumerate(data.get("failures", [])):
        fid = _id(_req(failure, "id", f"failures[{i}]"), f"failures[{i}].id")
        if fid in actor_ids or fid in failure_ids:
            raise ScenarioError(f"failures[{i}]: duplicate id {fid!r}")
        failure_ids.add(fid)
        f = node(fid)
        add(f, RDF_TYPE, c("Failure"))
        label(f, _req(failure, "label", f"failures[{i}]"))
        if not failure.get("actor"):
            raise ScenarioError(f"failures[{i}] ({fid}): not linked to any actor (field 'actor')")
        add(f, c("failureOf"), actor_ref(failure["actor"], f"failures[{i}].actor"))
        add(f, c("failureKind"), vocab.term("failure kind", _req(failure, "kind", f"failures[{i}]")))
        contribution = failure.get("contribution", "primary")
        if contribution not in CONTRIBUTIONS:
            raise ScenarioError(f"failures[{i}].contribution: {contribution!r}; valid choices: {', '.join(CONTRIBUTIONS)}")
        add(f, c("contribution"), ox.Literal(contribution))
        for norm in failure.get("breaches", []):
            add(f, c("breaches"), kb.resolve("norm", norm))

    incident = _req(data, "incident", "scenario", dict)
    inc = node("incident")
    add(scenario, c("hasIncident"), inc)
    add(inc, RDF_TYPE, c("Incident"))
    label(inc, _req(incident, "label", "incident"))
    day = parse_date(_req(incident, "date", "incident"), "incident.date")
    add(inc, c("incidentDate"), ox.Literal(day.isoformat(), datatype=XSD_DATE))
    threats = incident.get("threats")
    if not isinstance(threats, list) or not threats:
        raise ScenarioError("incident: 'threats' must be a non-empty list of threat keys")
    for t in threats:
        add(inc, c("threatType"), vocab.term("threat", t))
    for ref in incident.get("exploited", []):
        if ref not in failure_ids:
            raise ScenarioError(f"incident.exploited: {ref!r} is not a failure of the scenario; failures: {', '.join(sorted(failure_ids)) or 'none'}")
        add(inc, c("exploited"), node(ref))
    for i, damage in enumerate(data.get("damages", [])):
        did = _id(_req(damage, "id", f"damages[{i}]"), f"damages[{i}].id")
        d = node(did)
        add(inc, c("causes"), d)
        add(d, RDF_TYPE, c("Damage"))
        label(d, _req(damage, "label", f"damages[{i}]"))
        add(d, c("damageKind"), vocab.term("damage kind", _req(damage, "kind", f"damages[{i}]")))
        add(d, c("sufferedBy"), actor_ref(_req(damage, "suffered_by", f"damages[{i}]"), f"damages[{i}].suffered_by"))
    return scenario, out
