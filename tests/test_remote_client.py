"""The client side of culpa on external stores, without a store: binding parameters as VALUES,
the store settings, the queries' portable forms, and clear errors for a store that is down or
that sends a partial answer (from a stand-in server)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from culpa.remote import RemoteKnowledgeBase, bind_values
from culpa.settings import make_settings


def test_store_down_gives_clear_errors(cli):
    from servers import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    r = cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--store", url)
    assert r.code == 2 and url in r.err and "not reachable" in r.err and "Traceback" not in r.err
    r = cli("push", "--no-validate", "--endpoint", url, "--gsp", url.replace("/sparql", "/store"))
    assert r.code == 2 and "not reachable" in r.err

    from culpa.web import create_app

    client = create_app({"TESTING": True, "STORE": make_settings(url)}).test_client()  # starts without its store
    page = client.get("/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26")
    assert page.status_code == 503 and url.encode() in page.data and page.headers["Retry-After"]
    api = client.get("/api/duties?role=deployer&jurisdiction=EU")
    assert api.status_code == 503 and api.get_json()["status"] == 503


def test_queries_sent_to_stores_never_write_le_or_ge():
    """Virtuoso 7.2 answers ``?date <= ?asOf`` (and ``?asOf >= ?date``, which it turns into the
    same) incompletely on xsd:date values: whole blocks of rows are missing, different ones on
    each fresh database. The queries say "on or before" as ``!(?date > ?asOf)`` instead."""
    import re

    from culpa.paths import queries_dir

    offenders = []
    for path in sorted(queries_dir().glob("*.rq")) + sorted((queries_dir() / "ui").glob("*.rq")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)  # strings out
            code = re.sub(r"(^|\s)#.*$", "", code)              # comments out (an IRI's # follows no space)
            if "<=" in code or ">=" in code:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "write !(a > b) for a <= b (see docs/deployment.md):\n" + "\n".join(offenders)


@pytest.mark.parametrize("header, error", [({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete "
                                             "results, query interrupted by result timeout."}, "incomplete answer"),
                                           ({"X-SPARQL-MaxRows": "1048576"}, "cut the answer at 1048576 rows")])
def test_partial_answer_headers_give_clear_errors(header, error, cli):
    """Both signs of a cut answer that Virtuoso sends (measured on 7.2.5), from a stand-in server."""
    import http.server
    import threading

    from culpa.remote import StoreError

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}'
            self.send_response(200)
            for key, value in {**header, "Content-Type": "application/sparql-results+json"}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    try:
        with pytest.raises(StoreError, match=error):
            list(RemoteKnowledgeBase.open(make_settings(url)).query("SELECT ?n WHERE { ?s ?p ?n }"))
        r = cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--store", url)
        assert r.code == 2 and error in r.err and "Traceback" not in r.err
    finally:
        httpd.shutdown()


# ------------------------------------------------------------------ binding by VALUES

def test_values_block_at_start_of_top_level_where():
    q = bind_values("SELECT ?a WHERE { ?a ?b ?c { SELECT ?x { ?x ?y ?z } } }", {ox.Variable("c"): ox.NamedNode("urn:x:1")})
    assert q == "SELECT ?a WHERE { VALUES (?c) { (<urn:x:1>) } ?a ?b ?c { SELECT ?x { ?x ?y ?z } } }"


def test_values_skip_braces_in_comments_strings_and_iris():
    text = '# a { comment\nPREFIX e: <urn:x#>\nSELECT ?a WHERE { ?a e:p "}{" . ?a e:q <urn:y#z> }'
    q = bind_values(text, {ox.Variable("a"): ox.NamedNode("urn:x:1")})
    assert q.endswith('WHERE { VALUES (?a) { (<urn:x:1>) } ?a e:p "}{" . ?a e:q <urn:y#z> }')


def test_values_construct_binds_in_where_not_template():
    q = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {ox.Variable("s"): ox.NamedNode("urn:x:1")})
    assert q == "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:x:1>) } ?s ?p ?o }"


def test_values_injection_attempt_stays_a_literal(kb):
    evil = 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
    q = bind_values("SELECT ?n WHERE { ?n <urn:x:p> ?v }", {ox.Variable("v"): ox.Literal(evil)})
    # the whole value is one escaped literal: the query still parses to the same shape and
    # matches nothing, rather than running the attacker's pattern
    assert list(kb.query(q)) == []
    parsed = ox.Store()
    parsed.add(ox.Quad(ox.NamedNode("urn:x:n"), ox.NamedNode("urn:x:p"), ox.Literal(evil)))
    assert [r["n"].value for r in parsed.query(q)] == ["urn:x:n"]


def test_values_refuse_blank_nodes():
    from culpa.errors import CulpaError

    with pytest.raises(CulpaError):
        bind_values("SELECT * { ?s ?p ?o }", {ox.Variable("s"): ox.BlankNode()})


def test_settings_precedence(monkeypatch, tmp_path, cli):
    """Command line over environment over config file, for the query URL and the update URL."""
    from culpa import settings

    cfg = tmp_path / "culpa.toml"
    cfg.write_text('[store]\nendpoint = "http://file/sparql"\ngsp = "http://file/gsp"\nupdate = "http://file/update"\n')
    monkeypatch.setenv("CULPA_CONFIG", str(cfg))
    for name in ("CULPA_STORE", "CULPA_UPDATE"):
        monkeypatch.delenv(name, raising=False)
    settings.override()
    assert (settings.store_settings().endpoint, settings.store_settings().update) == ("http://file/sparql", "http://file/update")
    monkeypatch.setenv("CULPA_STORE", "http://env/sparql")
    monkeypatch.setenv("CULPA_UPDATE", "http://env/update")
    assert (settings.store_settings().endpoint, settings.store_settings().update) == ("http://env/sparql", "http://env/update")
    settings.override(store="embedded", update="http://cli/update")
    assert not settings.store_settings().remote and settings.store_settings().update == "http://cli/update"
    settings.override()
    monkeypatch.delenv("CULPA_UPDATE")
    cfg.write_text('[store]\nendpoint = "http://file/sparql"\nupdate = "ftp://x"\n')
    r = cli("push", "--check")
    assert r.code == 2 and "bad update URL" in r.err and "Traceback" not in r.err
