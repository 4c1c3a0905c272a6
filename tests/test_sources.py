"""Loading: every source file parses, one named graph each; syntax errors name file and line."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from culpa.errors import SourceSyntaxError
from culpa.namespaces import GRAPH, INFERRED_GRAPH
from culpa.store import open_store


def test_one_named_graph_per_file(kb):
    graphs = {g.value for g in kb.store.named_graphs()}
    for source in kb.sources:
        assert GRAPH + source.relative.removesuffix(".ttl") in graphs
    assert INFERRED_GRAPH in graphs
    assert len(graphs) == len(kb.sources) + 1


def test_default_graph_is_the_union(kb):
    rows = list(kb.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a culpa:Jurisdiction }"))
    assert int(rows[0]["n"].value) >= 13
    # nothing sits in the store's own default graph
    assert not list(kb.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_shapes_are_not_content(kb):
    assert all(not s.relative.endswith("shapes.ttl") for s in kb.sources)


def test_malformed_file_reports_file_and_line(kb_copy):
    bad = kb_copy / "kb" / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    with pytest.raises(SourceSyntaxError) as caught:
        open_store(kb_copy)
    assert caught.value.path == "kb/broken.ttl"
    assert caught.value.line == 3
    assert str(caught.value).startswith("kb/broken.ttl:3")


def test_validate_cli_on_malformed_file_exits_2(cli, kb_copy):
    (kb_copy / "kb" / "broken.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    result = cli("validate", "--kb-root", str(kb_copy))
    assert result.code == 2
    assert "kb/broken.ttl:2" in result.err
    assert "Traceback" not in result.err
