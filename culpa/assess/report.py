"""Assessment results as a plain structure (for JSON and text) and as Turtle.

Every finding lists the chain it rests on: rule, roles, failures, breached duties and their provisions.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from .. import paths
from ..namespaces import ASSESSMENT_GRAPH, PREFIXES, compact


def _report_query(name: str) -> str:
    """The report's SPARQL, kept in queries/assess/report/NAME.rq like every other query."""
    return (paths.queries_dir() / "assess" / "report" / f"{name}.rq").read_text(encoding="utf-8")


FINDINGS, FACETS, ACTORS, ROLES, REPORTS, ATTACKER, CHAIN, ASSUMPTIONS, DEFENCES = (
    _report_query(n) for n in ("findings", "finding-facets", "actors", "roles", "reports", "attacker-effects", "chain",
                               "assumptions", "defences"))
BINDING = "https://w3id.org/culpa/ontology#Binding"
CHAIN_PREFIXES = ("obl:", "provision:")   # rests_on items shown in the chain (with the failures) rather than in the basis

LEVELS = ["liable", "partially liable", "exposed", "not liable"]
NOT_ADVICE = "Exposure indicators as modelled from the legal texts; not legal advice."



def _v(term) -> str | None:
    return None if term is None else term.value


def _chains(a) -> dict[str, list]:
    """finding -> [{failure, duties: [{norm, label, instrument, binding, provisions}]}], binding duties first."""
    out: dict[str, dict] = {}
    for r in a.query(CHAIN):
        failures = out.setdefault(r["finding"].value, {})
        fail = failures.setdefault(r["failure"].value, {"failure": {"iri": compact(r["failure"].value), "label": r["failureLabel"].value},
                                                        "duties": {}})
        if r["norm"] is None:
            continue
        duty = fail["duties"].setdefault(r["norm"].value, {
            "norm": compact(r["norm"].value), "label": r["normLabel"].value, "instrument": r["instrumentLabel"].value,
            "binding": _v(r["force"]) == BINDING, "provisions": []})
        if r["provision"] is not None:
            prov = {"iri": compact(r["provision"].value), "notation": _v(r["notation"])}
            if prov not in duty["provisions"]:
                duty["provisions"].append(prov)
    result = {}
    for finding, failures in out.items():
        result[finding] = []
        for fail in sorted(failures.values(), key=lambda x: x["failure"]["label"]):
            duties = sorted(fail["duties"].values(), key=lambda d: (not d["binding"], d["instrument"], d["norm"]))
            for d in duties:
                d["provisions"].sort(key=lambda p: _natural(p["notation"] or p["iri"]))
            result[finding].append({"failure": fail["failure"], "duties": duties})
    return result


def _natural(text: str) -> list:
    """Sort key that puts Art. 2 before Art. 10 and articles before annexes."""
    return [text.startswith("Annex")] + [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text)]


def _summary(duties: list[dict], limit: int = 8) -> str:
    """'Instrument: Art. 1, Art. 2; Other: ...' with at most ``limit`` notations."""
    by_inst: dict[str, list[str]] = {}
    for d in duties:
        notes = [p["notation"] for p in d["provisions"] if p["notation"]] or [d["norm"]]
        by_inst.setdefault(d["instrument"], []).extend(n for n in notes if n not in by_inst.get(d["instrument"], []))
    parts, shown = [], 0
    for inst, notes in by_inst.items():
        notes.sort(key=_natural)
        take = notes[:max(limit - shown, 0)]
        shown += len(take)
        more = len(notes) - len(take)
        parts.append(f"{inst}: {', '.join(take) or ''}{f' (+{more})' if more else ''}")
    return "; ".join(parts)


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
    chains = _chains(a)
    defences: dict[str, list] = {}
    for r in a.query(DEFENCES):
        defences.setdefault(r["finding"].value, []).append({"iri": compact(r["defence"].value), "label": _v(r["label"]), "notation": None})
    for r in a.query(FINDINGS, scenario=a.scenario):
        f = {"theory": compact(r["theory"].value), "exposure": r["level"].value, "rule": None,
             "elements_met": [], "elements_missing": [], "presumptions": [], "defences_unavailable": [],
             "failures": [], "cost_shifted_to": [], "indemnity_covers": [], "rests_on": []}
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
            elif p == "indemnityCovers":
                f["indemnity_covers"].append(item)
            elif p == "costShiftExtent":
                f["cost_shift_extent"] = o.value
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
        ruled_out = {d["iri"] for d in f["defences_unavailable"]}
        f["defences_available"] = sorted((d for d in defences.get(r["finding"].value, []) if d["iri"] not in ruled_out),
                                         key=lambda d: d["iri"])
        f["chain"] = chains.get(r["finding"].value, [])
        failures = {c["failure"]["iri"] for c in f["chain"]}
        f["basis"] = [i for i in f["rests_on"] if not i["iri"].startswith(CHAIN_PREFIXES) and i["iri"] not in failures]
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
    assumptions = [r["text"].value for r in a.query(ASSUMPTIONS, scenario=a.scenario)]
    return {"scenario": compact(a.scenario.value), "as_of": a.as_of.isoformat(), "actors": out,
            "assumptions": assumptions, "notice": NOT_ADVICE}


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
            if f["defences_available"] and f["exposure"] != "not liable":
                lines.append("      defences to examine: " + "; ".join(d["label"] or d["iri"] for d in f["defences_available"]))
            for c in f["cost_shifted_to"]:
                covered = ", ".join(i["label"] or i["iri"] for i in f["indemnity_covers"])
                lines.append(f"      cost shifted by indemnity to: {c['label'] or c['iri']} ({f.get('cost_shift_extent', 'full')}; "
                             f"for the loss flowing from: {covered})")
            if f.get("attacker_act"):
                lines.append(f"      attacker's act: {f['attacker_act']}")
            basis = [f"{i['notation'] + ' ' if i['notation'] else ''}{i['label'] or i['iri']}" for i in f["basis"]]
            lines.append("      rests on: " + "; ".join(basis))
            for link in f["chain"]:
                binding = [d for d in link["duties"] if d["binding"]]
                voluntary = [d for d in link["duties"] if not d["binding"]]
                lines.append(f"        <- {link['failure']['label']}")
                if binding:
                    lines.append(f"           breaches (binding): {_summary(binding)}")
                if voluntary:
                    lines.append(f"           departs from (voluntary): {_summary(voluntary, 4)}")
        for r in actor["reporting"]:
            lines.append(f"  report: {r['article']} within {r['time_limit']} to {r['report_to'] or '-'}: {r['label']}")
        lines.append("")
    for text_ in result.get("assumptions", []):
        lines.append(f"Assumed: {text_}")
    lines.append(result["notice"])
    return "\n".join(lines) + "\n"


def turtle(assessment) -> str:
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in assessment.results()])
    return store.dump(format=ox.RdfFormat.TURTLE, prefixes=PREFIXES, from_graph=ox.DefaultGraph()).decode()
