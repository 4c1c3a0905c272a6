"""culpa's web face: a Flask application factory with one blueprint per concern.

    from culpa.web import create_app
    app = create_app()            # loads the embedded KB once

Pages are server-rendered and work without JavaScript; templates live in webui/templates/<blueprint>/.
"""
from __future__ import annotations

from flask import Flask

from .. import paths

DEFAULTS = {
    "SPARQL_DEADLINE": 10.0,      # seconds a SPARQL endpoint query may run before it is stopped
    "SPARQL_ROW_CAP": 10_000,     # rows (or triples) returned at most; the response says when it cut
    "SPARQL_WORKERS": 1,          # worker processes per web process for endpoint queries
    "MAX_CONTENT_LENGTH": 1 << 20,  # 1 MiB: queries and uploads larger than this get 413
    "PUBLIC_BASE": "https://w3id.org/culpa/",
}


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(paths.webui_dir() / "templates"),
        static_folder=str(paths.webui_dir() / "static"),
        static_url_path="/static",
    )
    app.config.from_mapping(DEFAULTS)
    app.config.update(config or {})

    from ..remote import open_kb

    # STORE: culpa.settings.StoreSettings (default: --store / CULPA_STORE / culpa.toml, else embedded)
    kb = app.config.get("KB") or open_kb(app.config.get("STORE"))
    app.extensions["culpa.kb"] = kb

    from . import api, assess, assess_builder, browse, downloads, duties, errors, home, matrix, query_library, resources, sparql

    for module in (home, duties, resources, matrix, browse, query_library, sparql, downloads, api, assess, assess_builder):
        app.register_blueprint(module.bp)
    errors.register(app)

    from .common import template_helpers

    app.context_processor(template_helpers)

    @app.after_request
    def _hardening(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
