"""The subcommands of ``saraban``. Each module here defines ``add(subparsers)``, which adds its
parser and sets ``run`` (args -> exit code); ``ORDER`` places it in ``--help``. Adding a command
means adding a module: ``generator.cli`` finds it here.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_names() -> list[str]:
    """The module names here, which are the subcommands' names (found without importing them)."""
    return [m.name for m in pkgutil.iter_modules(__path__)]


def all_commands(only: str | None = None) -> list[ModuleType]:
    """Every command module (or just ``only``: each imports what its parser needs, e.g. the
    kinds for ``new``'s help, and ``saraban build`` with nothing to do should not pay for that)."""
    names = [name for name in command_names() if only is None or name == only]
    modules = [importlib.import_module(f"{__name__}.{name}") for name in names]
    return sorted((m for m in modules if hasattr(m, "add")), key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
