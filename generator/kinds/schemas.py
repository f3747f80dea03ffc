"""JSON Schema of the YAML format, generated from the same pydantic models that validate letters.

Every property carries a Thai description (the field's own, else its part name from generator/letter/parts.py);
the Thai names of keys and values (generator/data/thai_keys.yaml) are accepted as well, and a key may
not be given under both names. Editors (VS Code with the YAML extension) complete and validate with it.
"""
from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from generator.agency.profile import Profile
from generator.kinds import kind_values
from generator.letter.parts import PARTS
from generator.letter.thaikeys import inner_holder, names_in, thai_names_of, thai_values

# Draft 7: the newest that VS Code's YAML extension (yaml-language-server) supports.
DIALECT = "http://json-schema.org/draft-07/schema#"
DEFS = "definitions"
SCHEMA_FOLDER = "schema"
ALL_FILE = "saraban.schema.json"
PROFILE_NAME = "agency"


def schema_file(name: str | None) -> str:
    """``external.schema.json`` for a kind, ``saraban.schema.json`` for all of them."""
    return f"{name}.schema.json" if name else ALL_FILE


def kind_schema(kind) -> dict:
    """The schema of one kind's letters."""
    return _document({kind.name: kind.model}, f"{kind.thai} ({kind.name})", {kind.thai: kind.name})


def letters_schema(kinds: dict) -> dict:
    """The schema of any letter: one of the kinds, told apart by ``kind``."""
    return _document({name: kind.model for name, kind in sorted(kinds.items())}, "หนังสือราชการ (saraban)",
                     {kind.thai: name for name, kind in kinds.items()})


def profile_schema() -> dict:
    return _document({PROFILE_NAME: Profile}, "ข้อมูลส่วนราชการ (agency.yaml)")


def model_schema(name: str, model: type[BaseModel], title: str) -> dict:
    """The schema of another YAML file saraban reads (a received letter's record), Thai keys included."""
    return _document({name: model}, title)


def _document(models: dict[str, type[BaseModel]], title: str, kind_names: dict[str, str] | None = None) -> dict:
    refs, top = models_json_schema([(model, "validation") for model in models.values()],
                                   ref_template=f"#/{DEFS}/{{model}}")
    defs = top.get("$defs", {})        # pydantic's name for the container; the refs already say DEFS
    names = [refs[(model, "validation")]["$ref"].split("/")[-1] for model in models.values()]
    done: set[tuple[str, str | None]] = set()
    values = thai_values(kind_values())
    if kind_names is not None:
        values["kind"] = {**values.get("kind", {}), **kind_names}
    for name in names:
        _annotate(defs, defs[name], None, done, values, top_level=True)
    reachable = {target for name in names for target in _reachable(defs, name)}
    defs = {name: schema for name, schema in defs.items() if name in reachable}
    document: dict[str, Any] = {"$schema": DIALECT, "title": title}
    if len(names) == 1:
        document.update(copy.deepcopy(defs[names[0]]))
        document["title"] = title
        del defs[names[0]]
    else:
        document.update(_by_kind(list(models), names, values.get("kind", {})))
    if defs:
        document[DEFS] = defs
    return document


def _by_kind(kinds: list[str], names: list[str], thai_kinds: dict[str, str]) -> dict:
    """Several kinds: ``kind`` (or its Thai name) picks the kind's schema through if/then, so an
    editor reports the mistakes of that kind rather than "not valid under any of the given schemas"."""
    keys = ["kind"] + thai_names_of("kind")

    def values_of(kind: str | None) -> list[str]:
        wanted = [kind] if kind else kinds
        return wanted + [thai for thai, english in thai_kinds.items() if english in wanted]

    def naming(kind: str | None) -> dict:
        return {"anyOf": [{"required": [key], "properties": {key: {"enum": values_of(kind), "description": PARTS["kind"]}}}
                          for key in keys]}
    rules = [{"if": naming(kind), "then": {"$ref": f"#/{DEFS}/{name}"}} for kind, name in zip(kinds, names)]
    return {"type": "object", "description": "หนังสือราชการ: kind (ชนิด) บอกชนิดของหนังสือ",
            "allOf": [naming(None)] + rules}


def _reachable(defs: dict, name: str, seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if name not in seen:
        seen.add(name)
        for target in object_refs(defs[name]):
            _reachable(defs, target, seen)
    return seen


def _annotate(defs: dict, schema: dict, holder: str | None, done: set, values: dict,
              top_level: bool = False) -> None:
    """Descriptions, Thai key names and Thai values for an object ``schema`` reached under ``holder``."""
    properties = schema.get("properties")
    if properties is None:
        return
    for key, prop in list(properties.items()):
        prop.setdefault("description", PARTS.get(key, key))
        prop.pop("title", None)
        _add_thai_values(prop, values.get(key, {}))
        inner = inner_holder(key, holder)
        for target in object_refs(prop):
            if (target, inner) not in done:
                done.add((target, inner))
                _annotate(defs, defs[target], inner, done, values)
    _add_thai_keys(schema, names_in(holder, top_level=top_level))


def object_refs(prop: Any) -> list[str]:
    """The $defs an property's schema points to (through anyOf, items, additionalProperties)."""
    found = []
    if isinstance(prop, dict):
        ref = prop.get("$ref")
        if ref:
            found.append(ref.split("/")[-1])
        for value in prop.values():
            if isinstance(value, (dict, list)):
                found += object_refs(value)
    elif isinstance(prop, list):
        for value in prop:
            found += object_refs(value)
    return found


def _add_thai_values(prop: dict, values: dict[str, Any]) -> None:
    """Thai values accepted where the English ones are (``kind: หนังสือภายนอก``, ``digits: ไทย``)."""
    if not values:
        return
    if "const" in prop:
        prop["enum"] = [prop.pop("const")]
    if "enum" in prop:
        prop["enum"] += [thai for thai, english in values.items() if english in prop["enum"]]
    elif prop.get("type") == "boolean":
        booleans = [thai for thai, english in values.items() if isinstance(english, bool)]
        prop.pop("type")
        prop["anyOf"] = [{"type": "boolean"}, {"enum": booleans}]
    for option in prop.get("anyOf", []):
        if isinstance(option, dict) and ("enum" in option or "const" in option):
            _add_thai_values(option, values)


def _add_thai_keys(schema: dict, names: dict[str, str]) -> None:
    """Each Thai name as a property too; required keys given under either name; never both."""
    properties = schema["properties"]
    aliases: dict[str, list[str]] = {}
    for thai, english in names.items():
        if english in properties and thai not in properties:
            aliases.setdefault(english, []).append(thai)
    rules = []
    for english, thais in aliases.items():
        for thai in thais:
            prop = copy.deepcopy(properties[english])
            prop["description"] = f"{prop.get('description', '')} (ชื่อไทยของคีย์ {english})".strip()
            properties[thai] = prop
            rules.append({"not": {"required": [english, thai]}})
        if english in schema.get("required", []):
            schema["required"].remove(english)
            rules.append({"anyOf": [{"required": [name]} for name in [english] + thais]})
    if "required" in schema and not schema["required"]:
        del schema["required"]
    if rules:
        schema["allOf"] = schema.get("allOf", []) + rules
