"""Build a scenario in the browser: start from a worked case, change its facts in a form, assess.

The form produces a variant of the base case ({"variant_of": base, "changes": {...}}, the format
of kb/cases/ and docs/assessment.md), so what a user builds can be saved and uploaded again or sent
to POST /api/assess. Every value is checked by the same code as an uploaded scenario."""
from __future__ import annotations

import json

from flask import Blueprint, abort, render_template, request

from ..assess import ScenarioError, case_keys, expand, load_scenario
from ..assess.scenario import CONTRIBUTIONS
from .assess import _run, diagram
from .common import kb

bp = Blueprint("assess_build", __name__)
SUPPLY = ("product", "service")


def _base(key: str | None) -> tuple[str, dict]:
    key = key or "optimind"
    if key not in case_keys():
        abort(400, description=f"base: no case {key!r}; cases: {', '.join(case_keys())}")
    return key, load_scenario(key)


def _choice(form, name: str, valid, what: str) -> str:
    value = (form.get(name) or "").strip()
    if value not in valid:
        abort(400, description=f"{what}: {value!r} is not one of {', '.join(valid)}")
    return value


def variant_from_form(form) -> dict:
    """The variant the form describes; a 400 names any field with a bad value."""
    key, base = _base(form.get("base"))
    changes: dict = {
        "jurisdiction": _choice(form, "jurisdiction", kb().vocabulary("jurisdiction").short_names, "jurisdiction"),
        "incident": {"date": (form.get("incidentDate") or "").strip()},
        "system": {"supply": _choice(form, "supply", SUPPLY, "supply"),
                   "placed_on_market": (form.get("placedOnMarket") or "").strip() or None},
    }
    exploited, failures = [], []
    for f in base.get("failures", []):
        if form.get(f"exploited-{f['id']}") == "on":
            exploited.append(f["id"])
        failures.append({"id": f["id"], "contribution": _choice(form, f"contribution-{f['id']}", CONTRIBUTIONS,
                                                                   f"contribution of {f['id']}")})
    if not exploited:
        abort(400, description="the attack must exploit at least one failure: tick one under 'Failures'")
    changes["incident"]["exploited"] = exploited
    changes["failures"] = failures
    kept = [c["id"] for c in base.get("contracts", []) if form.get(f"contract-{c['id']}") == "on"]
    changes["contracts"] = [c for c in base.get("contracts", []) if c["id"] in kept]
    label = (form.get("label") or "").strip()[:200] or f"{base['label']} (edited)"
    return {"key": f"{key}-edited", "label": label, "variant_of": key, "changes": changes}


@bp.get("/assess/build")
def form():
    key, base = _base(request.args.get("base"))
    return render_template("assess/build.html", key=key, base=base, cases=case_keys(),
                           jurisdictions=kb().vocabulary("jurisdiction").short_names,
                           supply=SUPPLY, contributions=CONTRIBUTIONS)


@bp.post("/assess/build")
def build():
    variant = variant_from_form(request.form)
    try:
        data = expand(variant)
    except ScenarioError as exc:
        abort(400, description=exc.message)
    result = _run(data, None)
    return render_template("assess/result.html", data=data, result=result, chart=diagram(data, result), key=None,
                           scenario_json=json.dumps(variant, indent=2, ensure_ascii=False))
