"""Build the Word templates in this folder: ``python templates/make.py [NAME ...]``.

The .docx files are what the generator and the clerks use (a clerk may open
and adjust them in Word or LibreOffice); this script is how we, the engineers,
make them reproducibly. Each kind's layout is a module in ``builders/`` with
``NAME`` and ``make()``; ``builders/kit.py`` holds what they share (TH SarabunPSK
in all four font slots with ``sz``/``szCs`` and ``th-TH``, so no Thai text falls back).
"""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import builders  # noqa: E402  (this folder, after the path above)

sys.path.insert(0, str(HERE.parent))
from generator.docxzip import rewrite_xml_parts  # noqa: E402


def all_builders() -> dict:
    found = {}
    for module in pkgutil.iter_modules(builders.__path__):
        mod = importlib.import_module(f"builders.{module.name}")
        if hasattr(mod, "NAME") and hasattr(mod, "make"):
            found[mod.NAME] = mod.make
    return found


def _fixed_time() -> dt.datetime:
    return dt.datetime(2024, 1, 1)


def main(names: list[str]) -> None:
    makers = all_builders()
    for name in names or sorted(makers):
        path = HERE / f"{name}.docx"
        doc = makers[name]()
        # Same code, same bytes: fixed document times here, fixed ZIP entry times below.
        doc.core_properties.created = doc.core_properties.modified = _fixed_time()
        doc.core_properties.last_printed = _fixed_time()
        doc.core_properties.revision = 1
        doc.save(path)
        rewrite_xml_parts(path, path, lambda _name, xml: xml)
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
