"""`culpa export` in every format loads back with rdflib with the same number of triples/quads."""
from __future__ import annotations

import pytest
import rdflib

from culpa.formats import RDF_FORMATS

RDFLIB_FORMAT = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def _expected(kb, quads: bool) -> int:
    if quads:
        return len(kb.store)
    return len({q.triple for q in kb.store})


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_export_round_trips(cli, kb, tmp_path, fmt):
    out = tmp_path / f"kb.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out))
    assert result.code == 0, result.err
    spec = RDF_FORMATS[fmt]
    if spec.quads:
        loaded = rdflib.Dataset()
        loaded.parse(out, format=RDFLIB_FORMAT[fmt])
        count = sum(1 for _ in loaded.quads((None, None, None, None)))
    else:
        loaded = rdflib.Graph().parse(out, format=RDFLIB_FORMAT[fmt])
        count = len(loaded)
    assert count == _expected(kb, spec.quads)


def test_ontology_only_rdfxml_loads_in_owlready2(cli, tmp_path):
    """The Protege export: owlready2 reads it whole, with the same triples rdflib reads."""
    import owlready2

    out = tmp_path / "culpa.owl"
    assert cli("export", "--format", "xml", "--ontology-only", "--out", str(out)).code == 0
    world = owlready2.World()
    world.get_ontology(out.as_uri()).load()
    assert world["https://w3id.org/culpa/ontology#Norm"] is not None
    assert world["https://w3id.org/culpa/ontology#bindsRole"] is not None
    # owlready2 adds one triple of its own: <http://anonymous> a owl:Ontology
    owlready_triples = [t for t in world.as_rdflib_graph() if str(t[0]) != "http://anonymous"]
    assert len(owlready_triples) == len(rdflib.Graph().parse(out, format="xml"))


def test_export_to_unwritable_path_is_clear(cli, tmp_path):
    result = cli("export", "--format", "ttl", "--out", str(tmp_path / "missing" / "kb.ttl"))
    assert result.code == 2
    assert "cannot write" in result.err
