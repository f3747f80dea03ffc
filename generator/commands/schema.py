"""``saraban schema [KIND] [--write [DIR]] [--reference [DIR]]``: the JSON Schema of the YAML format,
for editors, and the YAML reference in Markdown (docs/reference/), both from the kinds' schemas."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.markup import escape

from generator.agency.profile import Profile
from generator.build import console as ui
from generator.errors import UsageError
from generator.kinds import all_kinds
from generator.kinds.reference import reference_pages
from generator.kinds.schemas import (
    PROFILE_NAME,
    SCHEMA_FOLDER,
    kind_schema,
    letters_schema,
    model_schema,
    profile_schema,
    schema_file,
)

ORDER = 40
REFERENCE_FOLDER = "docs/reference"
RECEIVED = "received"


def add(sub) -> None:
    s = sub.add_parser("schema", help="print the JSON Schema of letters (for editors such as VS Code)")
    s.add_argument("kind", nargs="?", help=f"one kind ({', '.join(sorted(all_kinds()))}), `{PROFILE_NAME}` "
                                           f"for agency.yaml or `{RECEIVED}` for a received letter's record; "
                                           "default: every kind")
    s.add_argument("--write", nargs="?", const=SCHEMA_FOLDER, metavar="DIR",
                   help=f"write every schema into DIR (default: {SCHEMA_FOLDER}/) instead of printing one")
    s.add_argument("--reference", nargs="?", const=REFERENCE_FOLDER, metavar="DIR",
                   help=f"write the YAML reference, a Markdown page per kind and one for agency.yaml, "
                        f"into DIR (default: {REFERENCE_FOLDER}/)")
    s.set_defaults(run=run)


def dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, dict]:
    """File name → schema: all kinds together, each kind, and the agency profile."""
    kinds = all_kinds()
    schemas = {schema_file(None): letters_schema(kinds)}
    schemas.update({schema_file(name): kind_schema(kind) for name, kind in sorted(kinds.items())})
    schemas[schema_file(PROFILE_NAME)] = profile_schema()
    schemas[schema_file(RECEIVED)] = received_schema()
    return schemas


def received_schema() -> dict:
    """The record of a received letter (received/<พ.ศ.>/<n>.yaml: generator.receiving.record)."""
    from generator.receiving.record import Record
    return model_schema(RECEIVED, Record, "หนังสือรับ (received/<พ.ศ.>/<n>.yaml)")


def write_schemas(folder: Path) -> list[Path]:
    return _write(folder, {name: dump(schema) for name, schema in all_schemas().items()})


def write_reference(folder: Path) -> list[Path]:
    """The YAML reference's pages (generator.kinds.reference) written into ``folder``."""
    return _write(folder, reference_pages(all_kinds(), Profile))


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def run(args: argparse.Namespace) -> int:
    if args.write or args.reference:
        written = write_schemas(Path(args.write)) if args.write else []
        written += write_reference(Path(args.reference)) if args.reference else []
        for path in written:
            ui.console().print(f"[green]✓ wrote[/green] {escape(ui.shown(path))}")
        return ui.EXIT_OK
    kinds = all_kinds()
    if args.kind is None:
        schema = letters_schema(kinds)
    elif args.kind == PROFILE_NAME:
        schema = profile_schema()
    elif args.kind == RECEIVED:
        schema = received_schema()
    elif args.kind in kinds:
        schema = kind_schema(kinds[args.kind])
    else:
        raise UsageError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds) + [PROFILE_NAME, RECEIVED])}")
    sys.stdout.write(dump(schema))
    return ui.EXIT_OK
