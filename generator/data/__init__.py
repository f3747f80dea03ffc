"""Tables kept as data (YAML beside this module): salutations, misspellings, Thai keys, purposes."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def table(name: str) -> Any:
    """The parsed ``<name>.yaml`` of this folder (cached; treat it as read-only)."""
    return YAML(typ="safe", pure=True).load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
