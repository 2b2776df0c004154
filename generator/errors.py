"""Problems in the user's set-up (a missing font or program) rather than in sopkit.

The CLI prints these as one clear message and exits 1; any other exception is a bug and
keeps its traceback.
"""


class SetupError(Exception):
    """Something outside sopkit must be installed or configured; the message says what."""
