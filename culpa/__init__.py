"""culpa: duties, liability rules and incident reasoning for AI systems that fail through cyberattacks.

The public Python API is small: open the embedded store, run a named query.

>>> from culpa.store import open_store
>>> from culpa.queries import run_named
>>> kb = open_store()
>>> rows = run_named(kb, "duties", {"role": "deployer", "jurisdiction": "EU", "asOf": "2026-11-26"}).rows
"""
# The one place the version is written; pyproject.toml reads it from here (hatch dynamic version).
__version__ = "0.1.0"

__all__ = ["__version__"]
