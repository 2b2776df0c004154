"""Let the linked model travel to worker processes.

The model is immutable, so its mappings are ``MappingProxyType``, which pickle refuses. With
this reducer a proxy pickles as the dict it shows and comes back as a proxy, so a worker
receives the very model the parent checked (no second read of the YAML, and no way for the
worker's copy to differ from what was checked).
"""
from __future__ import annotations

import copyreg
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


def read_only(items: dict) -> Mapping[Any, Any]:
    return MappingProxyType(items)


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce_proxy)
