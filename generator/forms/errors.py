"""What can go wrong when filling a form; the CLI prints the message and exits 1."""
from __future__ import annotations


class FormError(Exception):
    """A problem with a fill request that the user can fix; the message says how."""


class UnknownForm(FormError):
    pass


class UnsupportedOutput(FormError):
    pass


class InvalidFormData(FormError):
    """The data does not fit the form; ``problems`` has one message per problem and
    ``places`` what each is about (a ``data.Where``), for locating it in the data file."""

    def __init__(self, problems: list[str], places: list | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.places = places or [None] * len(problems)
