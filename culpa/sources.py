"""Find and parse culpa's source files: ontology/*.ttl and kb/**/*.ttl, one named graph each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import CulpaError, SourceSyntaxError
from .namespaces import GRAPH


# Files under ontology/ that configure checks rather than state content; not loaded as graphs.
NOT_CONTENT = {"shapes.ttl"}


def shapes_file(root: Path | None = None) -> Path:
    return (root or paths.data_root()) / "ontology" / "shapes.ttl"


@dataclass(frozen=True)
class SourceFile:
    path: Path
    relative: str  # e.g. "kb/eu/ai-act.ttl"

    @property
    def graph(self) -> ox.NamedNode:
        return ox.NamedNode(GRAPH + self.relative.removesuffix(".ttl"))


def source_files(root: Path | None = None) -> list[SourceFile]:
    """Every .ttl below ontology/ and kb/ of ``root`` (default: the packaged data), sorted."""
    root = root or paths.data_root()
    found: list[SourceFile] = []
    for folder in ("ontology", "kb"):
        base = root / folder
        if not base.is_dir():
            raise CulpaError(f"missing folder {base}: culpa's data is not where it should be")
        for path in sorted(base.rglob("*.ttl")):
            if path.name in NOT_CONTENT:
                continue
            found.append(SourceFile(path, path.relative_to(root).as_posix()))
    return found


def parse_into(store: ox.Store, source: SourceFile) -> None:
    """Parse one Turtle file into its named graph; syntax errors name the file and line."""
    try:
        store.bulk_load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=source.graph)
    except SyntaxError as exc:
        raise SourceSyntaxError(source.relative, exc.lineno, exc.offset, _reason(exc)) from None
    except OSError as exc:
        raise CulpaError(f"{source.relative}: cannot read: {exc.strerror or exc}") from None


def _reason(exc: SyntaxError) -> str:
    text = exc.msg or str(exc)
    return text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text


def graph_to_file(sources: list[SourceFile]) -> dict[str, str]:
    """Named-graph IRI -> relative file path, for messages that must name a file."""
    return {s.graph.value: s.relative for s in sources}
