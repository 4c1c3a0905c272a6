"""Helpers shared by the blueprints: the KB, query runs, term display, negotiation of RDF."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
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
    """Run a named query; bad user values become a 400 with the message. The KB does not change
    while it is served, so answers are memoised per query and parameters (bounded)."""
    try:
        return _memo(current_app.extensions, "named", name, values, run_named)
    except CulpaError as exc:
        if getattr(exc, "http_status", None):  # the external store failed: not the user's input
            raise
        abort(400, description=exc.message)


def support(name: str, values: dict[str, str] | None = None):
    return _memo(current_app.extensions, "support", name, values, run_support)


MEMO_SIZE = 1024


def _memo(extensions: dict, kind: str, name: str, values: dict | None, runner):
    memo: OrderedDict = extensions.setdefault("culpa.memo", OrderedDict())
    key = (kind, name, tuple(sorted((values or {}).items())))
    if key in memo:
        memo.move_to_end(key)
        return memo[key]
    result = runner(kb(), name, values)
    memo[key] = result
    if len(memo) > MEMO_SIZE:
        memo.popitem(last=False)
    return result


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


def memo_page(view):
    """Serve a page from memory after its first rendering: the KB does not change while it is
    served, so a GET page is a function of its URL (and of today's date, the default as-of)."""
    from functools import wraps

    from flask import make_response

    @wraps(view)
    def wrapper(*args, **kwargs):
        pages: OrderedDict = current_app.extensions.setdefault("culpa.pages", OrderedDict())
        key = (request.path, request.query_string, request.headers.get("Accept", ""), today())
        if key in pages:
            pages.move_to_end(key)
            body, status, headers = pages[key]
            return current_app.response_class(body, status=status, headers=headers)
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.direct_passthrough:
            pages[key] = (response.get_data(), response.status_code, list(response.headers.items()))
            if len(pages) > MEMO_SIZE:
                pages.popitem(last=False)
        return response

    return wrapper


def template_helpers() -> dict:
    return {"page_for": page_for, "display": display, "NOT_ADVICE": NOT_ADVICE, "with_args": with_args,
            "is_iri": lambda t: isinstance(t, ox.NamedNode)}
