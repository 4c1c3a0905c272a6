"""Keep the public SPARQL endpoint read-only: refuse updates, SERVICE and LOAD before evaluation."""
from __future__ import annotations

import re

_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'      # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'              # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"              # IRIs
    r"|#[^\n]*",                          # comments
    re.S,
)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


class Refused(Exception):
    """The request is well-formed but asks for something this endpoint does not do."""


def check_read_only(query: str) -> None:
    """Raise Refused for SERVICE clauses and update keywords outside strings, IRIs and comments."""
    code = _STRIP.sub(" ", query)
    if _SERVICE.search(code):
        raise Refused("SERVICE (federated query) is not allowed on this endpoint")
    match = _UPDATE.search(code)
    if match:
        raise Refused(f"{match.group(1).upper()}: this endpoint is read-only; SPARQL updates are not accepted")
