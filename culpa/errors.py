"""Errors that reach the user as a clear message and an exit code, never a traceback."""
from __future__ import annotations


class CulpaError(Exception):
    """A problem the user can act on. ``exit_code`` follows the CLI contract (2 = usage/input error)."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


class SourceSyntaxError(CulpaError):
    """A kb/ or ontology/ file does not parse; the message names file and line."""

    def __init__(self, path: str, line: int | None, column: int | None, detail: str):
        where = f"{path}:{line}" if line else path
        if line and column:
            where += f":{column}"
        super().__init__(f"{where}: syntax error: {detail}")
        self.path, self.line, self.column = path, line, column


class InvalidChoice(CulpaError):
    """An argument that must be one of a known set; the message lists the valid choices."""

    def __init__(self, what: str, given: str, choices: list[str]):
        shown = ", ".join(choices[:60]) + (" ..." if len(choices) > 60 else "")
        super().__init__(f"unknown {what} {given!r}; valid choices: {shown}")
        self.what, self.given, self.choices = what, given, choices
