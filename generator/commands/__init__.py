"""The subcommands of ``saraban``. Each module here defines ``add(subparsers)``, which adds its
parser and sets ``run`` (args -> exit code); ``ORDER`` places it in ``--help``. Adding a command
means adding a module: ``generator.cli`` finds it here.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def all_commands() -> list[ModuleType]:
    modules = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    return sorted((m for m in modules if hasattr(m, "add")), key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
