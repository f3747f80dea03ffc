"""Messages in Thai and English (issue 14, point 3): every message the code can emit has a Thai
entry in generator/data/messages_th.yaml, and the commands show both, Thai first under a Thai
locale or ``--lang th``.

The messages are found in the source: each call of an *emitter* below (Problem, a check's
``problem``, a resolver's ``problem``, SetupError, UsageError, EngineError, a validator's
ValueError, a refused file's or value's Refused, a template check's ``refuse``) with its message
and hint written in place (a string or an f-string, whose
``{…}`` become sample values the catalog's placeholders must match). A call whose message is a
variable is listed in DYNAMIC with where its text comes from, so that a new one fails this test
until it is looked at."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.build import messages

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# callable name → positions (or keywords) of its message and hint arguments
EMITTERS = {
    "Problem": ((4, "message"), (5, "hint")),
    "problem": ((3, "message"), (4, "hint")),          # checks/_common.problem(resolved, path, rule, …)
    "SetupError": ((0, None),),
    "UsageError": ((0, None),),
    "EngineError": ((0, None),),
    "FontError": ((0, None),),
    "ValueError": ((0, None),),                         # a validator's message becomes an SB001 message
    "_problem": ((2, "message"), (3, "hint")),          # checks/numbering._problem(entry, rule, …)
    "refuse": ((1, "message"), (2, "hint")),            # render/templatecheck's refuse(rule, …)
    "Refused": ((0, None),),                            # letter/files.Refused: its text becomes a message
    "_Refused": ((1, "message"), (2, "hint")),          # letter/loader._Refused(mark, …)
}
METHOD_EMITTERS = {"problem": ((1, "message"), (2, "hint"))}   # Resolver.problem(key, message, hint)
SAMPLE = "X1"


def samples(node: ast.expr) -> list[str] | None:
    """The texts ``node`` can be, with sample values for what is computed; None when it is not
    written in place (a variable, a call)."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        texts = [""]
        for value in node.values:
            if isinstance(value, ast.Constant):
                texts = [t + value.value for t in texts]
            else:
                inner = samples(value.value) if isinstance(value.value, (ast.IfExp, ast.Constant, ast.JoinedStr)) else None
                texts = [t + s for t in texts for s in (inner or [SAMPLE])]
        return texts
    if isinstance(node, ast.IfExp):
        body, orelse = samples(node.body), samples(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = samples(node.left), samples(node.right)
        if left is None and right is None:
            return None
        return [a + b for a in (left or [SAMPLE]) for b in (right or [SAMPLE])]
    return None


VALIDATOR_FOLDERS = ("letter", "kinds", "agency")      # where a ValueError's text reaches the user
# Functions whose returned strings are messages (pydantic's errors described; did-you-mean hints).
RETURNS = {"letter/schema.py": ("_describe_expected", "did_you_mean"),
           "letter/files.py": ("outside_message", "_too_large", "font_folder_problem")}


def _argument(call: ast.Call, position: int, keyword: str | None) -> ast.expr | None:
    for item in call.keywords:
        if keyword and item.arg == keyword:
            return item.value
    return call.args[position] if len(call.args) > position else None


def _functions(tree: ast.AST):
    """Every node with the function it is in (its name, and its node)."""
    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = (child.name, child) if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            yield child, inner
            yield from walk(child, inner)
    yield from walk(tree, ("<module>", None))


def _assigned(function_node: ast.AST | None, name: str) -> list[str] | None:
    """The samples of every ``name = …`` in the function (None unless all are written in place)."""
    if function_node is None:
        return None
    values = []
    for node in ast.walk(function_node):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                values.append(node.value)
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):      # a, b = "…", "…"
                values += [value for element, value in zip(target.elts, node.value.elts)
                           if isinstance(element, ast.Name) and element.id == name]
    found = [samples(value) for value in values if not (isinstance(value, ast.Constant) and value.value is None)]
    if not found or any(f is None for f in found):
        return None
    return [text for texts in found for text in texts]


def emitted() -> tuple[dict[str, list[str]], set[str]]:
    """(where → sample texts of the messages written in place, the places whose message is not)."""
    texts: dict[str, list[str]] = {}
    dynamic: set[str] = set()
    for file in sorted(PACKAGE.rglob("*.py")):
        relative = file.relative_to(PACKAGE).as_posix()
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node, (function, function_node) in _functions(tree):
            where = f"{relative}::{function}"
            if isinstance(node, ast.Return) and function in RETURNS.get(relative, ()) and node.value is not None:
                found = samples(node.value)
                if found:
                    texts.setdefault(where, []).extend(found)
                continue
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id in EMITTERS:
                name, arguments = node.func.id, EMITTERS[node.func.id]
                if name == "ValueError" and relative.split("/")[0] not in VALIDATOR_FOLDERS:
                    continue
            elif isinstance(node.func, ast.Attribute) and node.func.attr in METHOD_EMITTERS:
                arguments = METHOD_EMITTERS[node.func.attr]
            else:
                continue
            for position, keyword in arguments:
                argument = _argument(node, position, keyword)
                if argument is None or (isinstance(argument, ast.Constant) and argument.value is None):
                    continue
                found = samples(argument)
                if found is None and isinstance(argument, ast.Name):
                    found = _assigned(function_node, argument.id)
                if found is None:
                    dynamic.add(where)
                else:
                    texts.setdefault(where, []).extend(found)
    return texts, dynamic


# Where a message is not written in place, and where its text comes from (its catalog lines are
# checked by the tests below or by test_every_written_message_has_thai through its sources).
DYNAMIC = {
    "checks/_common.py::problem": "the emitter itself: passes its caller's message on",
    "checks/numbering.py::_problem": "the emitter itself: passes its caller's message on",
    "render/resolve.py::problem": "the emitter itself: passes its caller's message on",
    "checks/template.py::_own_template": "the template checker's hint, passed on (render/templatecheck.py)",
    "checks/template.py::_unknown_kinds": "did_you_mean() or `expected one of: …`",
    "kinds/prepare.py::prepare": "message and hint chosen above from strings written in place",
    "letter/loader.py::load_yaml": "the YAML parser's own problem text (str(exc.problem)), and a hint",
    "letter/loader.py::_syntax_problem": "loader._LIKELY, whose texts are in EXAMPLES",
    "letter/schema.py::validation_problems": "_describe_expected() and did_you_mean(), whose returns are scanned",
    "render/resolve.py::signer": "did_you_mean() or `known signers: …`",
    "pdf/engines/libreoffice.py::fontconfig": "the fc-match error passed on",
    "pdf/engines/warm.py::_convert": "the worker's own error, passed on with the attempt",
    "render/templatecheck.py::refuse": "the emitter itself: passes its caller's message on",
    "letter/files.py::resolve_inside": "outside_message(), whose returns are scanned",
    "letter/files.py::_open": "outside_message() or _too_large(), whose returns are scanned",
    "letter/files.py::read_regular": "_too_large(), whose returns are scanned",
    "letter/files.py::refused_problem": "a Refused's text (scanned); the hint names files.EXPECTED (in EXAMPLES)",
    "agency/profile.py::_fonts": "font_folder_problem(), whose returns are scanned",
    "agency/profile.py::_load_agency": "a Refused's text (letter/files.py, scanned)",
    "checks/citations.py::_file_problems": "a Refused's text (letter/files.py, scanned)",
    "letter/loader.py::_forbidden_characters": "the hint loader._CONTROL_HINT, in EXAMPLES",
    "letter/loader.py::_text": "the hint loader._CONTROL_HINT, in EXAMPLES",
    "build/examine.py::letter_failed": "a TimeLimit's text (errors.time_limit) and the texts chosen by the error, in EXAMPLES",
    "build/pipeline.py::_write_failed": "workdir.write_message(), whose texts are in EXAMPLES",
    "build/pipeline.py::_conversion_failed": "workdir.write_message() or `PDF conversion failed: …`, in EXAMPLES",
    "build/workdir.py::work_folder": "workdir.write_message(), whose texts are in EXAMPLES",
}
# Messages made from pieces the scan cannot see whole: real examples, each must translate.
EXAMPLES = [
    "is not a known key", "known keys here: subject, to", "did you mean `subject` (เรื่อง)?",
    "did you mean `signers`?", "known signers: deputy, district-chief",
    "the first line of a letter is e.g. `kind: external`", "expected one of: external, memo",
    "write one word: external, memo", "`memoo` is not a known kind of document",
    "emblem.png does not exist", "emblem.png is not a PNG or JPEG image",
    "PDF conversion failed: LibreOffice produced no PDF for a.docx",
    # a letter that fails alone (build/pipeline.py letter_failed, errors.time_limit)
    "reading the letter took longer than 60 s and was stopped",
    "checking the letter took longer than 60 s and was stopped",
    "checking the letters took longer than 60 s and was stopped",
    "rendering the letter took longer than 60 s and was stopped",
    "too large to process while reading it (RecursionError)",
    "a file this letter uses cannot be read while rendering it (XMLSyntaxError: premature end of data)",
    "saraban failed while converting this letter (KeyError: 'x')",
    "saraban failed while finishing the PDF of this letter (ValueError: bad page)",
    "saraban stopped on an internal error (KeyError: 'x'). This is a bug in saraban, not in your letters: "
    "please report it with the full log, /tmp/saraban-crash.log",
    # build/workdir.write_message
    "cannot write to out: the disk is full (No space left on device); free some space (or choose another "
    "--out) and build again",
    "cannot write to out: the output folder is read-only or not yours to write (Permission denied); choose "
    "another --out, or ask for write access to it",
    "PDF conversion failed: LibreOffice took longer than 20 s on this letter and was stopped",
    # letter/loader.py: a refused value at its column, and the control characters' hint
    "lists and mappings nested more than 40 levels deep (column 3)",
    "delete it: it prints nothing or a box, and may break the DOCX",
    # render/docx.py: the sandbox's refusals inside the template's error
    "the template t.docx does something the sandbox forbids (a repetition of more than 100,000 items)",
    "the template t.docx does something the sandbox forbids (the power 99 is larger than a template may raise to (64))",
]


def test_every_written_message_has_thai():
    texts, _ = emitted()
    missing = sorted({f"{where}: {text}" for where, found in texts.items() for text in found
                      if text.strip(f" :{SAMPLE}") and messages.thai(text) is None})
    assert missing == [], "add these to generator/data/messages_th.yaml:\n" + "\n".join(missing)


def test_every_message_not_written_in_place_is_accounted_for():
    _, dynamic = emitted()
    assert sorted(dynamic) == sorted(DYNAMIC)


def _likely_yaml_mistakes() -> list[str]:
    from generator.letter.loader import _LIKELY
    return [text for message, hint in _LIKELY.values() for text in (f"YAML syntax error: {message}", hint)]


def _refused_file_hints() -> list[str]:
    from generator.letter.files import EXPECTED
    return [f"give the path, relative to agency.yaml, of {expected} inside the letters folder"
            for expected in EXPECTED.values()]


EXAMPLES += _likely_yaml_mistakes() + _refused_file_hints()


@pytest.mark.parametrize("english", EXAMPLES)
def test_composed_messages_have_thai(english):
    assert messages.thai(english)


def test_the_catalog_keeps_every_placeholder():
    for english, thai, _, _ in messages.catalog():
        messages._pattern(english)                         # every template makes a valid pattern
        assert sorted(messages._PLACEHOLDER.findall(english)) == sorted(messages._PLACEHOLDER.findall(thai)), english


def test_values_are_carried_and_translated_inside():
    assert messages.thai("no signer named `chief` in the agency profile") == "ไม่มีผู้ลงนามชื่อ `chief` ใน agency.yaml"
    assert messages.thai("PDF conversion failed: LibreOffice produced no PDF for a.docx") == \
        "แปลงเป็น PDF ไม่สำเร็จ: LibreOffice ไม่ได้สร้าง PDF ของ a.docx"


def test_the_commands_show_both_languages_thai_first_when_asked(tmp_path):
    import os
    import subprocess
    import sys

    from tests.helpers_input import GOOD, letters_tree
    letters_tree(tmp_path, {"a.yaml": GOOD.replace("signer: deputy", "signer: chief")})
    english_line = "signer (ผู้ลงนาม): no signer named `chief` in the agency profile"
    thai_line = "signer (ผู้ลงนาม): ไม่มีผู้ลงนามชื่อ `chief` ใน agency.yaml"

    def run(*args, **env):
        environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "400", "NO_COLOR": "1",
                       "LC_ALL": "", "LC_MESSAGES": "", **env}
        done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, env=environment,
                              capture_output=True, text=True, encoding="utf-8")
        return done.returncode, done.stdout + done.stderr

    for (code, text), thai_first in ((run("check", "letters", LANG="C.UTF-8"), False),
                                     (run("check", "letters", "--lang", "th", LANG="C.UTF-8"), True),
                                     (run("check", "letters", LANG="th_TH.UTF-8"), True),
                                     (run("--lang", "en", "check", "letters", LANG="th_TH.UTF-8"), False)):
        assert code == 1
        english, thai = text.index("no signer named `chief`"), text.index("ไม่มีผู้ลงนามชื่อ `chief`")
        assert (thai < english) == thai_first, text
        assert (thai_line if thai_first else english_line) in text
        assert ("หนังสือ 1 ฉบับ: ตรวจแล้ว 0, ไม่สำเร็จ 1" in text) == thai_first and "1 letter: 0 checked, 1 failed" in text
    code, text = run("new", "memoo", "--lang", "th", LANG="C.UTF-8")
    assert code == 2 and text.startswith("ผิดพลาด: ไม่รู้จักชนิด 'memoo'") and "unknown kind 'memoo'" in text


def test_the_digit_warning_is_thai_throughout():
    """The reason inside the Arabic-digits warning is a message of its own: it is Thai too."""
    from generator.build import messages
    for why in ("elsewhere the letter types Thai digits", "the letter says digits: thai"):
        thai = messages.thai(f"Arabic digits 9 in Thai text ({why}); they print as ๙")
        assert thai and why.split()[0] not in thai and "(" in thai, thai
