"""Where culpa's data folders are: in an installed wheel (culpa/_data/...) or in a checkout.

One module answers this for everyone, so no other code guesses paths.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE_DIR / "_data"
_CHECKOUT = _PACKAGE_DIR.parent


def _root() -> Path:
    if (_INSTALLED / "ontology").is_dir():
        return _INSTALLED
    return _CHECKOUT


def data_root() -> Path:
    """The folder that holds ontology/, kb/, queries/ and webui/."""
    return _root()


def ontology_dir() -> Path:
    return _root() / "ontology"


def kb_dir() -> Path:
    return _root() / "kb"


def queries_dir() -> Path:
    return _root() / "queries"


def rules_dir() -> Path:
    return queries_dir() / "rules"


def webui_dir() -> Path:
    return _root() / "webui"
