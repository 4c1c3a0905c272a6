"""Errors as pages for people and JSON for tools; never a traceback."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return (request.path.startswith(("/api/", "/sparql")) or request.args.get("format") == "json"
            or request.accept_mimetypes.best in ("application/json",))


def register(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/sparql"):
            return exc.description or exc.name, exc.code, {"Content-Type": "text/plain; charset=utf-8"}
        if _wants_json():
            return jsonify({"error": exc.name, "status": exc.code, "message": exc.description}), exc.code
        return render_template("errors/error.html", error=exc), exc.code

    from ..remote import StoreError

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):  # the external store is down, slow or failing: say so, retry later
        app.logger.warning("%s", exc.message)
        headers = {"Retry-After": "5"} if exc.http_status == 503 else {}
        if request.path.startswith("/sparql"):
            return exc.message, exc.http_status, {"Content-Type": "text/plain; charset=utf-8", **headers}
        if _wants_json():
            return jsonify({"error": "Service Unavailable" if exc.http_status == 503 else "Bad Gateway",
                            "status": exc.http_status, "message": exc.message}), exc.http_status, headers
        from werkzeug.exceptions import BadGateway, ServiceUnavailable

        error = (ServiceUnavailable if exc.http_status == 503 else BadGateway)(description=exc.message)
        return render_template("errors/error.html", error=error), exc.http_status, headers

    @app.errorhandler(Exception)
    def internal(exc: Exception):  # a bug: still a clear page, details in the server log
        app.logger.exception("internal error")
        if _wants_json():
            return jsonify({"error": "Internal Server Error", "status": 500, "message": "internal error; see the server log"}), 500
        return render_template("errors/error.html", error=None), 500
