"""One registry of RDF serialisations: name <-> media type <-> file extension <-> pyoxigraph format.

It drives `culpa export`, and later content negotiation, downloads and dumps.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InvalidChoice


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    extension: str
    ox_format: ox.RdfFormat
    quads: bool  # carries named graphs

    @property
    def label(self) -> str:
        return self.ox_format.name


RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE, False),
        RdfFormat("trig", "application/trig", "trig", ox.RdfFormat.TRIG, True),
        RdfFormat("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, True),
        RdfFormat("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False),
        RdfFormat("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, False),
        RdfFormat("xml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, False),
    )
}


def rdf_format(name: str) -> RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        raise InvalidChoice("format", name, list(RDF_FORMATS)) from None
