"""Role classification by an OWL reasoner (owlready2 + HermiT), as a second, independent reading.

The role qualifications of kb/cases/activities.ttl become OWL axioms: for each qualification a
class "performed ACTIVITY and acts within JURISDICTION and supplies by MODE" that is a subclass of
the role's holder class; skos:broader between roles becomes subclassing between holder classes,
culpa:withinJurisdiction stays transitive and reaches the actor through a property chain
(actsIn o withinJurisdiction -> actsWithin). HermiT then classifies the scenario's actors. The
result is every role each actor holds, broader ones included. `culpa assess --reasoner owl` adds
these roles to the assessment; tests check that they equal the SPARQL rules' roles closed under
skos:broader, for every worked case. Needs Java.
"""
from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pyoxigraph as ox

from .. import paths
from ..errors import CulpaError
from ..namespaces import PREFIXES

HOLDER = "https://w3id.org/culpa/reasoning/roles#"


def _facts(store: ox.Store, scenario: ox.NamedNode) -> list[dict]:
    text = (paths.queries_dir() / "assess" / "owl" / "facts.rq").read_text(encoding="utf-8")
    rows = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True,
                       substitutions={ox.Variable("scenario"): scenario})
    return [{k: (None if r[k] is None else r[k].value) for k in ("kind", "a", "b", "c", "d")} for r in rows]


def classify(store: ox.Store, scenario: ox.NamedNode) -> dict[str, set[str]]:
    """actor IRI -> IRIs of every role HermiT infers it holds."""
    if shutil.which("java") is None:
        raise CulpaError("--reasoner owl needs Java for HermiT: install a JRE, e.g. `apt-get install default-jre-headless`")
    import owlready2 as owl

    facts = _facts(store, scenario)
    world = owl.World()
    onto = world.get_ontology(HOLDER)
    names: dict[str, object] = {}

    def thing(iri: str, cls):
        if iri not in names:
            names[iri] = cls(re.sub(r"[^A-Za-z0-9]+", "_", iri.split("//", 1)[-1]))
        return names[iri]

    with onto:
        class Actor(owl.Thing): pass                     # noqa: E701
        class Node(owl.Thing): pass                      # noqa: E701  activities, jurisdictions, supply modes
        class performed(owl.ObjectProperty): pass        # noqa: E701
        class suppliedAs(owl.ObjectProperty): pass       # noqa: E701
        class withinJurisdiction(owl.ObjectProperty, owl.TransitiveProperty): pass  # noqa: E701
        class actsIn(owl.ObjectProperty): pass           # noqa: E701
        class actsWithin(owl.ObjectProperty): pass       # noqa: E701
        actsIn.is_a.append(actsWithin)
        actsWithin.property_chain.append(owl.PropertyChain([actsIn, withinJurisdiction]))

        holders: dict[str, type] = {}

        def holder(role: str) -> type:
            if role not in holders:
                holders[role] = owl.types.new_class("holds_" + role.rsplit("/", 1)[-1], (Actor,))
            return holders[role]

        by_kind = defaultdict(list)
        for f in facts:
            by_kind[f["kind"]].append(f)
        for f in by_kind["broader"]:
            holder(f["a"]).is_a.append(holder(f["b"]))
        for f in by_kind["within"]:
            thing(f["a"], Node).withinJurisdiction.append(thing(f["b"], Node))
        conditions: dict[tuple, list[str]] = defaultdict(list)   # one class per condition: HermiT would
        for f in by_kind["qualification"]:                       # merge equal ones, hiding their roles
            conditions[(f["b"], f["c"], f["d"])].append(f["a"])
        for n, ((activity, jurisdiction, mode), roles) in enumerate(sorted(conditions.items(), key=str)):
            parts = [performed.value(thing(activity, Node))]
            if jurisdiction:
                parts.append(actsWithin.value(thing(jurisdiction, Node)))
            if mode:
                parts.append(suppliedAs.value(thing(mode, Node)))
            qualified = owl.types.new_class(f"qualification_{n}", (Actor,))
            qualified.equivalent_to.append(owl.And(parts) if len(parts) > 1 else parts[0])
            qualified.is_a.extend(holder(role) for role in roles)
        actors: dict[str, object] = {}
        for f in by_kind["actor"]:
            actor = actors.get(f["a"]) or thing(f["a"], Actor)
            actors[f["a"]] = actor
            if f["b"] and thing(f["b"], Node) not in actor.performed:
                actor.performed.append(thing(f["b"], Node))
            if thing(f["c"], Node) not in actor.actsIn:
                actor.actsIn.append(thing(f["c"], Node))
            if f["d"] and thing(f["d"], Node) not in actor.suppliedAs:
                actor.suppliedAs.append(thing(f["d"], Node))
        for f in by_kind["stated"]:
            actors[f["a"]].is_a.append(holder(f["b"]))
        for actor in actors.values():   # closed world for what an actor did: only these activities
            actor.is_a.append(performed.only(owl.OneOf(list(actor.performed)) if actor.performed else owl.Nothing))
    try:
        owl.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owl.OwlReadyInconsistentOntologyError:
        raise CulpaError("the OWL role classification found the scenario inconsistent") from None
    except Exception as exc:  # Java missing or HermiT crashed
        raise CulpaError(f"the OWL reasoner failed to run: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc}") from None
    inverse = {cls: role for role, cls in holders.items()}
    return {iri: {inverse[c] for c in actor.INDIRECT_is_a if c in inverse} for iri, actor in actors.items()}
