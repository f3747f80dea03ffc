"""Build the Word templates in this folder: ``python templates/make.py [NAME ...]`` (``make templates``).

The .docx files are what the generator and the clerks use; the code that draws them is in
``generator/render/builders/`` (one module per kind, sharing ``kit.py``), so the same code gives
the same bytes. ``tests/test_templates.py`` fails when a committed template is not what the code makes.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from generator.render.templates import make_templates  # noqa: E402

if __name__ == "__main__":
    for path in make_templates(HERE, sys.argv[1:]):
        print(f"wrote {path.relative_to(HERE.parent)}")
