"""The linked model inside a worker process: handed over once by the pool's initializer.

The parent's checked model is pickled to each worker (generator.pickling), so workers never
read the YAML again and cannot see a knowledge base that changed since the check.
"""
from __future__ import annotations

from ..linker import LinkedKB

_LINKED: LinkedKB | None = None


def receive_model(linked: LinkedKB) -> None:
    """Pool initializer: ``initializer=receive_model, initargs=(linked,)``."""
    global _LINKED
    _LINKED = linked


def model() -> LinkedKB:
    if _LINKED is None:
        raise RuntimeError("the worker's knowledge base was not received (initializer missing)")
    return _LINKED
