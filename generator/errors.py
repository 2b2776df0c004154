"""Problems in the user's set-up or command line rather than in sopkit.

The CLI prints these as one clear message and exits 1 (2 for an unsafe output path, a
usage error); any other exception is a bug and keeps its traceback.
"""


class SetupError(Exception):
    """Something outside sopkit must be installed or configured; the message says what."""


class OutputError(Exception):
    """sopkit could not write its output (a full disk, a missing permission); the message
    names the file. The CLI prints it and exits with ``exit_code``, without a traceback."""

    exit_code = 1


class OutputBusy(OutputError):
    """Another sopkit is writing the same output; the message names that process."""


class UnsafeOutput(OutputError):
    """The output path given would destroy something that is not sopkit's: a usage error."""

    exit_code = 2
