"""Assessment results as a plain structure (for JSON and text) and as Turtle.

Every finding lists the chain it rests on: rule, roles, failures, breached duties and their provisions.
"""
from __future__ import annotations

import pyoxigraph as ox

from .. import paths
from ..namespaces import ASSESSMENT_GRAPH, PREFIXES, compact


def _report_query(name: str) -> str:
    """The report's SPARQL, kept in queries/assess/report/NAME.rq like every other query."""
    return (paths.queries_dir() / "assess" / "report" / f"{name}.rq").read_text(encoding="utf-8")


FINDINGS, FACETS, ACTORS, ROLES, REPORTS, ATTACKER = (
    _report_query(n) for n in ("findings", "finding-facets", "actors", "roles", "reports", "attacker-effects"))

LEVELS = ["liable", "partially liable", "exposed", "not liable"]
NOT_ADVICE = "Exposure indicators as modelled from the legal texts; not legal advice."



def _v(term) -> str | None:
    return None if term is None else term.value


def build(assessment) -> dict:
    a = assessment
    actors: dict[str, dict] = {}
    for r in a.query(ACTORS, scenario=a.scenario):
        actors[r["actor"].value] = {"id": r["actor"].value.rsplit("/", 1)[-1], "iri": r["actor"].value,
                                    "label": r["label"].value, "roles": [], "findings": [], "reporting": []}
    for r in a.query(ROLES, scenario=a.scenario):
        actors[r["actor"].value]["roles"].append({"role": compact(r["role"].value), "label": _v(r["label"])})
    facets: dict[str, list] = {}
    for r in a.query(FACETS):
        facets.setdefault(r["finding"].value, []).append(r)
    attacker = {r["rule"].value: r["text"].value for r in a.query(ATTACKER)}
    for r in a.query(FINDINGS, scenario=a.scenario):
        f = {"theory": compact(r["theory"].value), "exposure": r["level"].value, "rule": None,
             "elements_met": [], "elements_missing": [], "presumptions": [], "defences_unavailable": [],
             "failures": [], "cost_shifted_to": [], "rests_on": []}
        for x in facets.get(r["finding"].value, []):
            p, o = x["p"].value.rsplit("#", 1)[-1], x["o"]
            name = compact(o.value) if isinstance(o, ox.NamedNode) else o.value
            item = {"iri": name, "label": _v(x["label"]), "notation": _v(x["notation"])}
            if p == "elementMet":
                f["elements_met"].append(name.split(":")[-1])
            elif p == "elementMissing":
                f["elements_missing"].append(name.split(":")[-1])
            elif p == "presumptionApplied":
                f["presumptions"].append(item)
            elif p == "defenceUnavailable":
                f["defences_unavailable"].append(item)
            elif p == "viaFailure":
                f["failures"].append(item)
            elif p == "costShiftedTo":
                f["cost_shifted_to"].append(item)
            elif p == "restsOn":
                f["rests_on"].append(item)
                if o.value in attacker:
                    f["rule"] = name
                    f["attacker_act"] = attacker[o.value]
                elif name.startswith("rule:") and f["rule"] is None and "presumption" not in name:
                    f["rule"] = name
        for key in ("elements_met", "elements_missing"):
            f[key].sort()
        f["rests_on"].sort(key=lambda i: (i["iri"].split(":")[0], i["notation"] or "", i["iri"]))
        actors[r["actor"].value]["findings"].append(f)
    for r in a.query(REPORTS, scenario=a.scenario):
        actors[r["actor"].value]["reporting"].append({
            "norm": compact(r["norm"].value), "label": r["label"].value, "article": r["article"].value,
            "time_limit": r["limit"].value, "trigger": _v(r["trigger"]), "report_to": _v(r["to"])})
    out = []
    for actor in actors.values():
        if not actor["findings"] and not actor["roles"]:
            continue
        actor["findings"].sort(key=lambda f: (LEVELS.index(f["exposure"]), f["theory"]))
        actor["reporting"].sort(key=lambda r: r["norm"])
        actor["exposure"] = actor["findings"][0]["exposure"] if actor["findings"] else "not liable"
        out.append(actor)
    out.sort(key=lambda x: x["id"])
    return {"scenario": compact(a.scenario.value), "as_of": a.as_of.isoformat(), "actors": out, "notice": NOT_ADVICE}


def text(result: dict) -> str:
    lines = [f"Assessment of {result['scenario']} as of {result['as_of']}", ""]
    for actor in result["actors"]:
        lines.append(f"{actor['label']}: {actor['exposure'].upper()}")
        lines.append("  roles: " + ", ".join(r["role"] for r in actor["roles"]))
        for f in actor["findings"]:
            lines.append(f"  - {f['theory']} ({f['rule'] or 'theory only, no rule modelled'}): {f['exposure']}")
            lines.append(f"      elements met: {', '.join(f['elements_met']) or '-'}; missing: {', '.join(f['elements_missing']) or '-'}")
            for p in f["presumptions"]:
                lines.append(f"      presumption: {p['label'] or p['iri']}")
            for d in f["defences_unavailable"]:
                lines.append(f"      defence unavailable: {d['label'] or d['iri']}")
            for c in f["cost_shifted_to"]:
                lines.append(f"      cost shifted by indemnity to: {c['label'] or c['iri']}")
            if f.get("attacker_act"):
                lines.append(f"      attacker's act: {f['attacker_act']}")
            chain = [f"{i['notation'] + ' ' if i['notation'] else ''}{i['label'] or i['iri']}" for i in f["rests_on"]]
            lines.append("      rests on: " + " <- ".join(chain[:12]) + (f" (+{len(chain) - 12} more)" if len(chain) > 12 else ""))
        for r in actor["reporting"]:
            lines.append(f"  report: {r['article']} within {r['time_limit']} to {r['report_to'] or '-'}: {r['label']}")
        lines.append("")
    lines.append(result["notice"])
    return "\n".join(lines) + "\n"


def turtle(assessment) -> str:
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in assessment.results()])
    return store.dump(format=ox.RdfFormat.TURTLE, prefixes=PREFIXES, from_graph=ox.DefaultGraph()).decode()
