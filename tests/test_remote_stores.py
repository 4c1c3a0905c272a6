"""culpa on external SPARQL stores: Oxigraph's server and OpenLink Virtuoso, started here on
loopback. The whole competency manifest must give the same answers as the embedded store;
push is idempotent; a store that is down or slow gives a clear error, then recovers."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from culpa.push import compare, push
from culpa.queries import run_named
from culpa.remote import RemoteKnowledgeBase, StoreUnavailable
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
        push(kb, make_settings(srv.query_url, srv.gsp_url, update=srv.update_url))
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
    from culpa.push import STAGING

    settings = make_settings(server.query_url, server.gsp_url)
    push(kb, settings)  # a second time, and without an update URL (one PUT per graph): replaces, never duplicates
    assert compare(kb, settings) == []
    left_over = server.gsp_url + "?graph=" + STAGING + "left-over-by-a-killed-push"
    RemoteKnowledgeBase.open(settings).http.request("PUT", left_over, data=b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
                                                    headers={"Content-Type": "text/turtle"})
    r = cli("push", "--check", "--endpoint", server.query_url, "--gsp", server.gsp_url)
    assert r.code == 0, r.err  # staging graphs are not culpa graphs
    extra = ox.NamedNode("https://w3id.org/culpa/graph/kb/roles")
    RemoteKnowledgeBase.open(settings).http.request(
        "PUT", server.gsp_url + "?graph=" + extra.value, data=b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
        headers={"Content-Type": "text/turtle"})
    r = cli("push", "--check", "--endpoint", server.query_url, "--gsp", server.gsp_url)
    assert r.code == 1 and "kb/roles" in r.out
    r = cli("push", "--no-validate", "--endpoint", server.query_url, "--gsp", server.gsp_url, "--update", server.update_url)
    assert r.code == 0, r.err
    assert "graphs" in r.out and compare(kb, settings) == []
    assert not _staging_graphs(RemoteKnowledgeBase.open(settings))  # the staged push dropped the left-over


def _staging_graphs(remote) -> list[str]:
    from culpa.push import STAGING

    rows = remote.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}')
    return [r["g"].value for r in rows]


def _version_body(n: int, tag: str) -> bytes:
    return "".join(f'<urn:x:{tag}{i}> <urn:x:p> "{i}" .\n' for i in range(n)).encode()


def _versions_in(remote, graph: ox.NamedNode) -> tuple[int, int]:
    """(old triples, new triples) in the graph."""
    row = list(remote.query("SELECT (SUM(IF(STRSTARTS(STR(?s), 'urn:x:old'), 1, 0)) AS ?old) "
                            "(SUM(IF(STRSTARTS(STR(?s), 'urn:x:new'), 1, 0)) AS ?new) WHERE { GRAPH ?g { ?s ?p ?o } }",
                            {ox.Variable("g"): graph}))[0]
    return tuple(int(row[k].value) if row[k] is not None else 0 for k in ("old", "new"))


def test_push_swaps_a_graph_in_whole_or_not_at_all(server):
    """A body that breaks off (or a count that does not match) leaves the graph as it was and
    drops its staging graph; a good one replaces it whole. Holds on both stores, although
    Virtuoso's own PUT keeps part of a broken body (test_a_failed_put_leaves_the_graph_as_it_was)."""
    from culpa.errors import CulpaError
    from culpa.push import GraphLoader

    loader = GraphLoader(make_settings(server.query_url, server.gsp_url, update=server.update_url))
    graph = ox.NamedNode("urn:x:culpa-test:swap")
    try:
        loader.replace(graph, _version_body(3000, "old"), 3000)
        assert _versions_in(loader.remote, graph) == (3000, 0)
        with pytest.raises(CulpaError):
            loader.replace(graph, _version_body(4000, "new") + b'<urn:x:broken> <urn:x:p "x .\n', 4001)
        with pytest.raises(CulpaError, match="left as it was"):
            loader.replace(graph, _version_body(4000, "new"), 4001)  # the store holds fewer than were sent
        assert _versions_in(loader.remote, graph) == (3000, 0)
        assert not _staging_graphs(loader.remote)
        loader.replace(graph, _version_body(4000, "new"), 4000)
        assert _versions_in(loader.remote, graph) == (0, 4000)
        loader.replace(graph, b"", 0)
        assert _versions_in(loader.remote, graph) == (0, 0)
    finally:
        loader.http.request("POST", server.update_url, data=b"update=DROP+SILENT+GRAPH+%3Curn%3Ax%3Aculpa-test%3Aswap%3E",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_readers_see_the_old_or_the_new_graph_during_a_push(server, request):
    """A reader counting the graph in a loop while it is replaced (one broken attempt, one good)
    sees only the whole old or the whole new version."""
    import threading

    from culpa.errors import CulpaError
    from culpa.push import GraphLoader

    if server.name == "virtuoso":
        request.applymarker(pytest.mark.xfail(strict=False, reason="Virtuoso shows a write in progress to concurrent "
                                              "readers, MOVE included (measured; docs/deployment.md)"))
    loader = GraphLoader(make_settings(server.query_url, server.gsp_url, update=server.update_url))
    reader = RemoteKnowledgeBase.open(make_settings(server.query_url))
    graph = ox.NamedNode("urn:x:culpa-test:readers")
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            seen.add(_versions_in(reader, graph))

    loader.replace(graph, _version_body(20000, "old"), 20000)
    thread = threading.Thread(target=read)
    thread.start()
    try:
        with pytest.raises(CulpaError):
            loader.replace(graph, _version_body(30000, "new") + b'<urn:x:broken> <urn:x:p "x .\n', 30001)
        loader.replace(graph, _version_body(30000, "new"), 30000)
    finally:
        stop.set()
        thread.join()
        loader.http.request("POST", server.update_url, data=b"update=DROP+SILENT+GRAPH+%3Curn%3Ax%3Aculpa-test%3Areaders%3E",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert seen <= {(20000, 0), (0, 30000)}, f"a reader saw {sorted(seen - {(20000, 0), (0, 30000)})}"


def test_digest_authentication_on_virtuoso(server):
    """Virtuoso's authenticated URLs answer HTTP digest: a staged push and a query with the right
    password, a clear refusal with a wrong one."""
    if server.name != "virtuoso":
        pytest.skip("Virtuoso's /sparql-auth and /sparql-graph-crud-auth")
    from culpa.push import GraphLoader
    from culpa.remote import StoreRejected

    base = server.query_url.rsplit("/", 1)[0]
    urls = dict(gsp=base + "/sparql-graph-crud-auth", update=base + "/sparql-auth")
    loader = GraphLoader(make_settings(base + "/sparql-auth", user="dba", password="dba", **urls))
    graph = ox.NamedNode("urn:x:culpa-test:auth")
    loader.replace(graph, _version_body(10, "new"), 10)
    assert _versions_in(loader.remote, graph) == (0, 10)
    loader.replace(graph, b"", 0)
    wrong = GraphLoader(make_settings(base + "/sparql-auth", user="dba", password="not-the-password", **urls))
    with pytest.raises(StoreRejected, match="401"):
        wrong.replace(graph, _version_body(10, "new"), 10)


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


# ------------------------------------------------------------------ engine differences, fixed in the queries

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
    part of the body it parsed before the error (see docs/deployment.md); so push with an update
    URL PUTs into a staging graph and swaps it in (test_push_swaps_a_graph_in_whole_or_not_at_all)."""
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
