"""Templates run in Jinja's sandbox, and letters' text is data (generator/render/docx.py).

A template is a file a clerk may be sent and open in Word: one whose text reaches for Python's
insides (``''.__class__.__mro__``, ``cycler.__init__.__globals__``) must fail to render, not
print the interpreter's objects into a letter. Text written in a letter is never a template:
braces in it are printed as typed, and XML in it is escaped.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.errors import LetterError
from generator.kinds.prepare import prepare
from generator.render.docx import render_docx
from generator.render.resolve import Resolved
from tests.helpers_input import letters_tree

HOSTILE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ subject.__class__.__base__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]
# Text a letter's author might type (or paste) that looks like a template or like XML.
TEMPLATE_LIKE = "{{ cycler.__init__.__globals__ }} {% if true %}ใช่{% endif %} {{ 'ab' ~ 'cd' }}"
XML_LIKE = '</w:t></w:r><w:r><w:t>แทรก & "อ้าง" <ข้อความ>'


def template_of(tmp_path: Path, text: str) -> Path:
    """A one-paragraph Word template holding ``text``."""
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "template.docx"
    doc.save(str(path))
    return path


def resolved(context: dict) -> Resolved:
    return Resolved(kind="external", template="template.docx", context=context, font="TH SarabunPSK",
                    digits="thai", metadata={})


def texts(docx: Path) -> list[str]:
    """The text of every paragraph of the document's body, tables included."""
    doc = Document(str(docx))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return [p.text for p in paragraphs]


def test_a_plain_template_renders(tmp_path):
    target = tmp_path / "out.docx"
    render_docx(resolved({"subject": "ขอเชิญประชุม"}), target, template_of(tmp_path, "เรื่อง {{ subject }}"))
    assert "เรื่อง ขอเชิญประชุม" in texts(target)


@pytest.mark.parametrize("expression", HOSTILE)
def test_a_template_reaching_for_python_internals_fails(tmp_path, expression):
    target = tmp_path / "out.docx"
    with pytest.raises(LetterError, match="does something the sandbox forbids"):    # the letter's error
        render_docx(resolved({"subject": "ขอเชิญประชุม"}), target, template_of(tmp_path, expression))
    assert not target.exists()


def test_a_letters_text_is_printed_as_typed_never_evaluated(tmp_path):
    letter = ("kind: external\nnumber: 12\ndate: 2024-09-02\n"
              f"subject: >-\n  {TEMPLATE_LIKE}\n"
              f"to: >-\n  {XML_LIKE}\n"
              f"body: |\n  {TEMPLATE_LIKE}\n\n  {XML_LIKE}\n"
              "signer: deputy\n")
    tree = letters_tree(tmp_path, {"a.yaml": letter})
    work = tmp_path / "work"
    work.mkdir()
    target = tmp_path / "a.docx"
    render_docx(prepare(tree / "a.yaml", tree, work), target)
    shown = texts(target)
    assert f"เรื่อง\t{TEMPLATE_LIKE}" in shown                  # a plain value (autoescaped)
    assert f"เรียน\t{XML_LIKE}" in shown
    assert TEMPLATE_LIKE in shown and XML_LIKE in shown        # body paragraphs (prepared runs)
    with zipfile.ZipFile(target) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<ข้อความ>" not in document and document.count("&lt;ข้อความ&gt;") == 2   # to, body: escaped
