"""culpa on external SPARQL stores: Oxigraph's server and OpenLink Virtuoso, started here on
loopback. The whole competency manifest must give the same answers as the embedded store;
push is idempotent; a store that is down or slow gives a clear error, then recovers."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from culpa.push import compare, push
from culpa.queries import run_named
from culpa.remote import RemoteKnowledgeBase, StoreUnavailable, bind_values
from culpa.render import cell
from culpa.settings import make_settings

from servers import missing, running
from test_competency import CASES, check_case

STORES = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="session", params=STORES)
def server(request, tmp_path_factory, kb):
    """A running store holding the pushed KB (started once per session per store)."""
    why = missing(request.param)
    if why:
        pytest.skip(why)
    with running(request.param, tmp_path_factory.mktemp(request.param)) as srv:
        push(kb, make_settings(srv.query_url, srv.gsp_url))
        yield srv


@pytest.fixture(scope="session")
def remote(server):
    return RemoteKnowledgeBase.open(make_settings(server.query_url, server.gsp_url, timeout=60))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_competency_on_store(remote, kb, case):
    check_case(remote, case)
    key = case.get("key", "norm")
    mine = sorted(cell(r.get(key)) for r in run_named(kb, case["query"], case.get("params", {})).rows)
    theirs = sorted(cell(r.get(key)) for r in run_named(remote, case["query"], case.get("params", {})).rows)
    assert theirs == mine, "the store's answer differs from the embedded store's"


def test_push_is_idempotent_and_checked(server, kb, cli):
    settings = make_settings(server.query_url, server.gsp_url)
    push(kb, settings)  # a second time: replaces, never duplicates
    assert compare(kb, settings) == []
    r = cli("push", "--check", "--endpoint", server.query_url, "--gsp", server.gsp_url)
    assert r.code == 0, r.err
    extra = ox.NamedNode("https://w3id.org/culpa/graph/kb/roles")
    RemoteKnowledgeBase.open(settings).http.request(
        "PUT", server.gsp_url + "?graph=" + extra.value, data=b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
        headers={"Content-Type": "text/turtle"})
    r = cli("push", "--check", "--endpoint", server.query_url, "--gsp", server.gsp_url)
    assert r.code == 1 and "kb/roles" in r.out
    r = cli("push", "--no-validate", "--endpoint", server.query_url, "--gsp", server.gsp_url)
    assert r.code == 0, r.err
    assert "graphs" in r.out and compare(kb, settings) == []


def test_cli_answers_from_the_store(server, cli):
    r = cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--as-of", "2026-11-26", "--format", "csv",
            "--store", server.query_url)
    assert r.code == 0, r.err
    assert "eu-aiact-art-4-support-ai-literacy" in r.out


def test_store_slow_gives_clear_errors(server, monkeypatch, cli):
    from culpa.web import create_app

    monkeypatch.setenv("CULPA_STORE_TIMEOUT", "1.5")
    app = create_app({"TESTING": True, "STORE": make_settings(server.query_url, timeout=1.5)})
    client = app.test_client()
    server.pause()
    try:
        r = cli("duties", "--role", "deployer", "--jurisdiction", "EU", "--store", server.query_url)
        assert r.code == 2 and server.query_url in r.err and "did not answer" in r.err
        page = client.get("/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26")
        assert page.status_code == 503 and server.query_url.encode() in page.data
    finally:
        server.resume()
    page = client.get("/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26")
    assert page.status_code == 200  # recovers once the store answers again


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


# ------------------------------------------------------------------ engine differences, fixed in the queries

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


def test_date_comparisons_the_queries_use_are_exact_on_store(server):
    """``>``, ``<`` and ``!(... > ...)`` on xsd:date give exactly the rows they should (Virtuoso
    got ``<=`` wrong on this kind of data: 0 of 200 rows on a fresh database)."""
    import datetime
    import random

    rng = random.Random(6)
    dates = [datetime.date(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(300)]
    dates += [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)] * 10
    remote = RemoteKnowledgeBase.open(make_settings(server.query_url, server.gsp_url))
    url = server.gsp_url + "?graph=urn:x:culpa-test:dates"
    body = "".join(f'<urn:x:d{i}> <urn:x:on> "{d.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
                   for i, d in enumerate(dates)).encode()
    remote.http.request("PUT", url, data=body, headers={"Content-Type": "text/turtle"})
    try:
        for as_of in [datetime.date(1, 1, 1), datetime.date(2026, 12, 10), datetime.date(9999, 12, 31), *dates[:5]]:
            value = {ox.Variable("asOf"): ox.Literal(as_of.isoformat(), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#date"))}
            for form, expected in (("!(?d > ?asOf)", lambda d: d <= as_of), ("?d > ?asOf", lambda d: d > as_of),
                                   ("?d < ?asOf", lambda d: d < as_of), ("!(?d < ?asOf)", lambda d: d >= as_of)):
                rows = list(remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <urn:x:on> ?d FILTER({form}) }}", value))
                assert int(rows[0]["n"].value) == sum(map(expected, dates)), f"{form} with ?asOf = {as_of}"
    finally:
        remote.http.request("DELETE", url)


def test_partial_answers_are_refused_never_used(server):
    """A store that stops a query at its time limit and sends what it has (Virtuoso's "anytime"
    answers, asked for here with its ``timeout`` parameter) gives an error, not a short answer."""
    if server.name != "virtuoso":
        pytest.skip("only Virtuoso sends partial answers")
    remote = RemoteKnowledgeBase.open(make_settings(server.query_url + "?timeout=100", timeout=120))
    slow = ("SELECT ?b (COUNT(*) AS ?n) WHERE { ?a culpa:concernsRole ?b . ?c culpa:reviewedOn ?d "
            "FILTER(STR(?a) != STR(?c)) } GROUP BY ?b")  # some 10 s of work: cut at 0.1 s
    with pytest.raises(StoreUnavailable, match="incomplete answer"):
        list(remote.query(slow))


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


def test_settings_precedence(monkeypatch, tmp_path):
    from culpa import settings

    cfg = tmp_path / "culpa.toml"
    cfg.write_text('[store]\nendpoint = "http://file/sparql"\ngsp = "http://file/gsp"\n')
    monkeypatch.setenv("CULPA_CONFIG", str(cfg))
    monkeypatch.delenv("CULPA_STORE", raising=False)
    settings.override()
    assert settings.store_settings().endpoint == "http://file/sparql"
    monkeypatch.setenv("CULPA_STORE", "http://env/sparql")
    assert settings.store_settings().endpoint == "http://env/sparql"
    settings.override(store="embedded")
    assert not settings.store_settings().remote
    settings.override()


def test_web_and_sparql_endpoint_on_store(server):
    from culpa.web import create_app

    app = create_app({"TESTING": True, "STORE": make_settings(server.query_url)})
    client = app.test_client()
    page = client.get("/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26")
    assert page.status_code == 200 and b"Art. 4" in page.data
    answer = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a culpa:Obligation }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and b'"n"' in answer.data
    bad = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400
    app.extensions.get("culpa.executor") and app.extensions["culpa.executor"].close()


def test_a_failed_put_leaves_the_graph_as_it_was(server, request):
    """Is a Graph Store Protocol PUT one transaction? Oxigraph: yes. Virtuoso: no, it keeps the
    part of the body it parsed before the error (a known gap, see docs/deployment.md; push
    checks each graph's count right after its PUT instead)."""
    if server.name == "virtuoso":
        request.applymarker(pytest.mark.xfail(strict=True, reason="Virtuoso's GSP PUT is not atomic on a broken body"))
    from culpa.errors import CulpaError
    from culpa.remote import graph_counts

    settings = make_settings(server.query_url, server.gsp_url)
    remote = RemoteKnowledgeBase.open(settings)
    url = server.gsp_url + "?graph=https://w3id.org/culpa/graph/test-atomic"
    good = "".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .\n' for i in range(3000)).encode()
    broken = good.replace(b"<urn:x:s", b"<urn:x:t") + b'<urn:x:broken> <urn:x:p "x .\n'
    remote.http.request("PUT", url, data=good, headers={"Content-Type": "text/turtle"})
    with pytest.raises(CulpaError):
        remote.http.request("PUT", url, data=broken, headers={"Content-Type": "text/turtle"})
    graph = ox.NamedNode("https://w3id.org/culpa/graph/test-atomic")
    assert graph_counts(remote)[graph] == 3000
    assert not bool(remote.query("ASK { GRAPH ?g { <urn:x:t1> ?p ?o } }"))
    remote.http.request("DELETE", url)


@pytest.mark.slow
def test_culpa_serve_on_the_store_answers_like_the_embedded_default(server, kb, tmp_path):
    """The issue's end-to-end check: push (done by the fixture), then `culpa serve --store ...`
    serves the same pages and answers as the embedded default."""
    import json
    import urllib.request

    from culpa.web import create_app
    from servers import start_culpa, stop_process

    process, base = start_culpa("--workers", "1", "--store", server.query_url, "--gsp", server.gsp_url,
                                log=tmp_path / "serve.log")
    try:
        path = "/api/duties?role=deployer&jurisdiction=EU&asOf=2026-11-26"
        with urllib.request.urlopen(base + path, timeout=120) as response:
            served = json.load(response)
        embedded = create_app({"TESTING": True, "KB": kb}).test_client().get(path).get_json()
        assert served["count"] == embedded["count"] > 0
        assert sorted(d["norm"] for d in served["duties"]) == sorted(d["norm"] for d in embedded["duties"])
        with urllib.request.urlopen(base + "/id/norm/eu-aiact-art-26-5-inform-of-serious-incident", timeout=120) as response:
            assert "Art. 26(5)" in response.read().decode()
    finally:
        stop_process(process)
