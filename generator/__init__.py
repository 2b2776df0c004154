"""sopkit: standard operating procedures as structured YAML, linked and rendered."""

__version__ = "0.1.0"
FORMAT_VERSION = 1
