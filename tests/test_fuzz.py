"""Fuzzing the way a hostile pull request would (issue 13): hypothesis writes letters as YAML
*text* from the kinds' JSON schemas (schema/*.json), starting from each kind's starter letter and
replacing keys with hostile values: control, bidi and lone-surrogate characters, XML
metacharacters, Jinja braces, huge text, huge numbers, deep nesting, anchors and aliases, unknown
keys. Every example must end in a built letter whose DOCX parts are well-formed XML, or in a
clear error: never an exception out of the build, a crash report, a time limit, or a malformed DOCX.

``make test`` runs 120 examples (DOCX only, in-process, derandomized: the same ones each run);
``make fuzz`` runs SARABAN_FUZZ_EXAMPLES of them (10,000) with fresh random seeds.
"""
from __future__ import annotations

import contextlib
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from lxml import etree

from generator.build.pipeline import build
from generator.kinds import all_kinds
from generator.letter.loader import load_yaml
from tests.helpers_input import letters_tree

# Hypothesis warns that a 20,000-letter example has a long repr: it is meant to be long.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schema"
EXAMPLES = int(os.environ.get("SARABAN_FUZZ_EXAMPLES", "120"))
SECONDS_PER_EXAMPLE = 20      # far above a letter's ~0.05 s: a hang, not a slow machine

# ----------------------------------------------------------------------------- values

NASTY = [
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffe",
    "\ud800", "\udfff", "\t", "\r", "\r\n", "\u2028", "</w:t></w:r>", "<![CDATA[", "]]>", "&amp;", "&#0;",
    "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", "&a;", '"', "'", "\\", "{{ subject }}",
    "{{ ''.__class__.__mro__ }}", "{% for i in range(99999) %}x{% endfor %}", "{#", "#}", "%}", "=HYPERLINK(\"x\")",
    "+1", "-1", "@SUM(A1)", "**", "***", "1. ", "๑๒๓", "9" * 5000, "ก" * 20000, "e\u0301", "\U0001F600",
    "https://x.example/" + "a" * 3000, "../../etc/passwd", "/dev/zero", "%s%n", "${HOME}",
]
# Characters a hostile string is made of: Thai, XML and Jinja metacharacters, anything printable,
# and (in one string of three) controls, bidi, surrogates, line separators.
PRINTABLE = st.one_of(
    st.sampled_from(list("กขคงจฉชซญฎฏฐดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุูเแโใไ็่้๊๋์ ๐๑๒๓๔๕๖๗๘๙")),
    st.sampled_from(list("<>&\"'{}%#*|-:=+@!?[],`~\\/\n\t 0123456789abcxyz")),
    st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=("Cc", "Cs")),
)
ALPHABET = st.one_of(PRINTABLE, st.characters(codec=None, categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")))
TEXT = st.one_of(st.text(PRINTABLE, min_size=1, max_size=40), st.text(PRINTABLE, min_size=1, max_size=40),
                 st.text(ALPHABET, max_size=40), st.sampled_from(NASTY),
                 st.builds(lambda a, b, c: a + b + c, st.text(ALPHABET, max_size=10), st.sampled_from(NASTY),
                           st.text(ALPHABET, max_size=10)))
NUMBER = st.one_of(st.integers(), st.integers(min_value=-10**40, max_value=10**40), st.floats(allow_nan=True),
                   st.sampled_from([0, 1, 12, 2**63, 10**29, -1]))
SCALAR = st.one_of(TEXT, NUMBER, st.booleans(), st.none(),
                   st.sampled_from(["2024-09-02", "0001-01-01", "9999-12-31", "2567-01-01", "2024-02-30", "2024-09",
                                    "auto", "12/2568", "99999999999/2568", "09:30", "25:99", "thai", "arabic"]))
ANY = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


def _schema_value(spec: dict, definitions: dict, depth: int = 0) -> st.SearchStrategy:
    """Values shaped like the schema says (right type, any content), or anything at all."""
    if "$ref" in spec:
        spec = definitions.get(spec["$ref"].rsplit("/", 1)[-1], {})
    if depth > 3:
        return SCALAR
    options = [_schema_value(option, definitions, depth + 1) for option in spec.get("anyOf", [])]
    if "enum" in spec:
        options.append(st.sampled_from(spec["enum"]))
    kind = spec.get("type")
    if spec.get("format") == "date" or "pattern" in spec:
        options.append(st.one_of(st.dates().map(str), st.sampled_from(["2024-09", "12/2568", "09:30", "auto"])))
    if kind == "string":
        options.append(TEXT)
    elif kind == "integer":
        options.append(NUMBER)
    elif kind == "array":
        options.append(st.lists(_schema_value(spec.get("items", {}), definitions, depth + 1), max_size=4))
    elif kind == "object":
        properties = spec.get("properties", {})
        if properties:
            options.append(st.fixed_dictionaries({}, optional={
                name: _schema_value(sub, definitions, depth + 1) for name, sub in properties.items()}))
    typed = st.one_of(options) if options else ANY
    return st.one_of(typed, typed, typed, ANY)          # mostly the right type, with any content


def _kind_strategy(name: str) -> st.SearchStrategy:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    definitions = schema.get("definitions", schema.get("$defs", {}))
    starter = load_yaml(all_kinds()[name].starter).data
    values = {key: _schema_value(spec, definitions) for key, spec in schema["properties"].items()
              if key != "kind" and key.isascii()}      # the Thai names of keys are other spellings of these
    values["x-unknown"] = ANY

    @st.composite
    def letter(draw) -> dict:
        """The starter with one to three keys set to hostile values (most then still build)."""
        keys = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=3, unique=True))
        return {**starter, **{key: draw(values[key]) for key in keys}}
    return letter()


LETTERS = st.sampled_from(sorted(all_kinds())).flatmap(_kind_strategy)

# ----------------------------------------------------------------------------- YAML text


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's; a lone surrogate stays an escape)."""
    return json.dumps(text, ensure_ascii=any(0xD800 <= ord(c) <= 0xDFFF for c in text))


@st.composite
def yaml_text(draw, data: dict) -> str:
    """``data`` as YAML: a block mapping of flow values, some anchored and reused through aliases,
    some strings written raw (plain or as a literal block), a few nested far too deep."""
    anchors: list[str] = []

    def flow(value) -> str:
        if anchors and draw(st.integers(0, 9)) == 0:
            return "*" + draw(st.sampled_from(anchors))
        if isinstance(value, dict):
            text = "{" + ", ".join(f"{_quoted(str(k))}: {flow(v)}" for k, v in value.items()) + "}"
        elif isinstance(value, list):
            text = "[" + ", ".join(flow(v) for v in value) + "]"
        elif isinstance(value, str):
            text = _quoted(value)
        elif value is None:
            text = "null"
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = repr(value) if isinstance(value, (int, float)) else _quoted(str(value))
            text = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}.get(text, text)
        if draw(st.integers(0, 7)) == 0:
            anchors.append(f"a{len(anchors)}")
            return f"&{anchors[-1]} {text}"
        return text

    lines = []
    for key, value in data.items():
        style = draw(st.integers(0, 49))
        if style == 0 and isinstance(value, str) and "\n" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            lines.append(f"{key}: {value}")                       # raw, plain: may not even be YAML
        elif style == 1 and isinstance(value, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            lines.append(f"{key}: |\n" + "".join(f"  {line}\n" for line in value.splitlines() or [""]).rstrip("\n"))
        elif style == 2:
            depth = draw(st.sampled_from([5, 39, 41, 1000, 20000]))
            lines.append(f"{key}: " + "[" * depth + flow(value) + "]" * depth)
        else:
            lines.append(f"{key}: {flow(value)}")
    return "\n".join(lines) + "\n"


HOSTILE_LETTERS = LETTERS.flatmap(yaml_text)

# ----------------------------------------------------------------------------- the property


def malformed_parts(docx: Path) -> list[str]:
    """The XML parts of ``docx`` that are not well-formed XML."""
    bad = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(name))
                except etree.XMLSyntaxError as exc:
                    bad.append(f"{name}: {exc}")
    return bad


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    return letters_tree(root, {}), root / "out"


def check_one(tree, text: str) -> None:
    folder, out = tree
    letter = folder / "a.yaml"
    letter.write_bytes(text.encode("utf-8", "surrogatepass"))
    start = time.monotonic()
    summary = build([letter], out, pdf=False, force=True)      # any exception fails the example
    seconds = time.monotonic() - start
    assert seconds < SECONDS_PER_EXAMPLE, f"took {seconds:.1f} s"
    (result,) = summary.results
    with contextlib.suppress(InvalidArgument):        # outside hypothesis (the fixed examples)
        event(result.status)
    messages = [str(problem) for problem in result.problems]
    assert not [m for m in messages if "bug in saraban" in m or "took longer than" in m], messages
    if result.status == "failed":
        assert result.errors and all(p.message for p in result.errors)
    else:
        assert result.status == "built", (result.status, messages)
        (docx,) = [p for p in result.outputs if p.suffix == ".docx"]
        assert malformed_parts(docx) == []


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 500, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])
@given(text=HOSTILE_LETTERS)
def test_every_hostile_letter_builds_or_fails_clearly(tree, text):
    check_one(tree, text)


@pytest.mark.parametrize("text", [
    "kind: external\nsubject: [" * 1 + "[" * 50000 + "]" * 50001 + "\n",
    "kind: external\nsubject: &r [*r]\n",
    "kind: external\nsubject: \"a\\0b\"\n",
    "kind: external\nnumber: " + "9" * 5000 + "\n",
])
def test_examples_hypothesis_must_always_try(tree, text):
    check_one(tree, text)
