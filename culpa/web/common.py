"""Helpers shared by the blueprints: the KB, query runs, term display, negotiation of RDF."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import abort, current_app, request, url_for

from ..errors import CulpaError
from ..formats import RDF_FORMATS
from ..namespaces import ID, compact
from ..negotiation import best_match
from ..queries import run_named, run_support

NOT_ADVICE = "culpa shows duties and exposure as modelled from the legal texts. It is not legal advice."
HTML = "text/html"
RDF_MEDIA = {f.media_type: f for f in RDF_FORMATS.values() if not f.quads}


def kb():
    return current_app.extensions["culpa.kb"]


def named(name: str, values: dict[str, str] | None = None):
    """Run a named query; bad user values become a 400 with the message."""
    try:
        return run_named(kb(), name, values)
    except CulpaError as exc:
        abort(400, description=exc.message)


def support(name: str, values: dict[str, str] | None = None):
    return run_support(kb(), name, values)


def today() -> str:
    return dt.date.today().isoformat()


def page_for(iri: str) -> str:
    """The page of any resource: our own IRIs under /id/, others through /resource?iri=."""
    if iri.startswith(ID):
        return url_for("resources.by_path", rest=iri[len(ID):])
    if iri.startswith("https://w3id.org/culpa/ontology"):
        return url_for("resources.ontology") + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
    return url_for("resources.by_iri", iri=iri)


def display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return term.value


def rdf_format_for_request(default_html: bool = True):
    """The RDF format asked for by ?format= or Accept; None means HTML."""
    wanted = request.args.get("format")
    if wanted:
        spec = RDF_FORMATS.get(wanted.lower())
        if spec is None or spec.quads:
            abort(400, description=f"unknown format {wanted!r}; use one of: html, " + ", ".join(n for n, f in RDF_FORMATS.items() if not f.quads))
        return spec
    offers = ([HTML] if default_html else []) + list(RDF_MEDIA)
    choice = best_match(request.headers.get("Accept"), offers)
    if choice is None:
        abort(406, description="none of the offered formats is acceptable: " + ", ".join(offers))
    return None if choice == HTML else RDF_MEDIA[choice]


def with_args(**changes) -> str:
    """The current URL with some query arguments replaced (None removes)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return request.path + ("?" + urlencode(args, doseq=True) if args else "")


def template_helpers() -> dict:
    return {"page_for": page_for, "display": display, "NOT_ADVICE": NOT_ADVICE, "with_args": with_args,
            "is_iri": lambda t: isinstance(t, ox.NamedNode)}
