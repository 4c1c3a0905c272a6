"""Incident assessment in the browser and the JSON API: pick a case or upload a scenario, read
each party's exposure with its reasons, and see a diagram of actors, failures, the attack and
the damage. The assessment runs on a private copy of the store; nothing is written to the KB."""
from __future__ import annotations

from collections import OrderedDict

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from ..assess import MAX_BYTES, ScenarioError, assess, case_keys, expand, load_scenario
from ..assess.report import build
from ..errors import CulpaError
from .common import kb

bp = Blueprint("assess", __name__)
COLOURS = {"liable": "#b3261e", "partially liable": "#c25e00", "exposed": "#7a6a00", "not liable": "#2e7d32"}


def _run(data: dict, as_of: str | None) -> dict:
    try:
        return build(assess(kb(), data, as_of=as_of or None, private=True))
    except CulpaError as exc:
        abort(400, description=exc.message)


def _case(key: str, as_of: str | None) -> tuple[dict, dict]:
    if key not in case_keys():
        abort(404, description=f"no case {key!r}; cases: {', '.join(case_keys())}")
    memo: OrderedDict = current_app.extensions.setdefault("culpa.assessments", OrderedDict())
    if (key, as_of) not in memo:
        data = load_scenario(key)
        memo[(key, as_of)] = (data, _run(data, as_of))
        if len(memo) > 64:
            memo.popitem(last=False)
    return memo[(key, as_of)]


def _upload() -> tuple[dict, str | None]:
    upload = request.files.get("scenario")
    if upload is None or not upload.filename:
        abort(400, description="choose a scenario file (JSON or Turtle) to upload")
    body = upload.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        abort(413, description=f"the scenario file is larger than {MAX_BYTES // 1024} KiB")
    kind = "ttl" if upload.filename.lower().endswith(".ttl") else "json"
    try:
        return load_scenario(body, fmt=kind), (request.form.get("asOf") or "").strip() or None
    except ScenarioError as exc:
        abort(400, description=f"{upload.filename}: {exc.message}")


def diagram(data: dict, result: dict) -> dict:
    """Positions for a server-drawn SVG: actors (left), their failures, the attack, the damage."""
    actors = [a for a in result["actors"]]
    exposure = {a["id"]: a["exposure"] for a in actors}
    failures = data.get("failures", [])
    exploited = set(data.get("incident", {}).get("exploited", []))
    damages = data.get("damages", [])
    rows = max(len(actors), len(failures), 1)
    height = 60 + 70 * rows
    ay = {a["id"]: 50 + i * (height - 60) / max(len(actors), 1) for i, a in enumerate(actors)}
    fy = {f["id"]: 50 + i * (height - 60) / max(len(failures), 1) for i, f in enumerate(failures)}
    attack_y = height / 2
    nodes = {
        "actors": [{"x": 20, "y": ay[a["id"]], "label": a["label"], "exposure": a["exposure"],
                    "colour": COLOURS.get(a["exposure"], "#444"),
                    "findings": "; ".join(f"{f['theory'].split(':')[-1]}: {f['exposure']}" for f in a["findings"])}
                   for a in actors],
        "failures": [{"x": 330, "y": fy[f["id"]], "label": f.get("label", f["id"]), "exploited": f["id"] in exploited} for f in failures],
        "attack": {"x": 640, "y": attack_y, "label": data.get("incident", {}).get("label", "attack")},
        "damages": [{"x": 820, "y": attack_y - 40 + i * 50, "label": d.get("label", d.get("kind", "damage"))} for i, d in enumerate(damages)],
    }
    edges = []
    for f in failures:
        if f.get("actor") in ay:
            edges.append({"x1": 230, "y1": ay[f["actor"]] + 18, "x2": 330, "y2": fy[f["id"]] + 18, "kind": "owns"})
        if f["id"] in exploited:
            edges.append({"x1": 590, "y1": fy[f["id"]] + 18, "x2": 640, "y2": attack_y + 18, "kind": "exploited"})
    for d in nodes["damages"]:
        edges.append({"x1": 780, "y1": attack_y + 18, "x2": 820, "y2": d["y"] + 14, "kind": "caused"})
    by_label = {a["label"]: a["id"] for a in actors}
    shifts = {(a["id"], by_label.get(c["label"])) for a in actors for f in a["findings"] for c in f["cost_shifted_to"]}
    for n, (payer, indemnitor) in enumerate(sorted(s for s in shifts if s[1] in ay)):
        x = 8 + 4 * n   # an indemnity: a dashed bracket on the left from the indemnified party to the indemnitor
        edges.append({"x1": 20, "y1": ay[payer] + 18, "x2": x, "y2": ay[payer] + 18, "kind": "indemnity"})
        edges.append({"x1": x, "y1": ay[payer] + 18, "x2": x, "y2": ay[indemnitor] + 18, "kind": "indemnity"})
        edges.append({"x1": x, "y1": ay[indemnitor] + 18, "x2": 20, "y2": ay[indemnitor] + 18, "kind": "indemnity"})
    return {"width": 1000, "height": height + 20, "nodes": nodes, "edges": edges, "exposure": exposure}


@bp.get("/assess")
def index():
    return render_template("assess/index.html", cases=case_keys(), max_kib=MAX_BYTES // 1024)


@bp.get("/assess/<key>")
def case(key: str):
    as_of = (request.args.get("asOf") or "").strip() or None
    data, result = _case(key, as_of)
    return render_template("assess/result.html", data=data, result=result, chart=diagram(data, result), key=key)


@bp.post("/assess")
def upload():
    data, as_of = _upload()
    result = _run(data, as_of)
    return render_template("assess/result.html", data=data, result=result, chart=diagram(data, result), key=None)


@bp.get("/api/assess/<key>")
def api_case(key: str):
    as_of = (request.args.get("asOf") or "").strip() or None
    return jsonify(_case(key, as_of)[1])


@bp.post("/api/assess")
def api_post():
    if request.content_length and request.content_length > MAX_BYTES:
        abort(413, description=f"the scenario is larger than {MAX_BYTES // 1024} KiB")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description="send the scenario as a JSON object (Content-Type: application/json); see docs/assessment.md")
    try:
        data = expand(data)   # a variant of a stored case ("variant_of") is accepted too
    except ScenarioError as exc:
        abort(400, description=exc.message)
    return jsonify(_run(data, (request.args.get("asOf") or "").strip() or None))
