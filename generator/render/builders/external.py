"""The external letter (หนังสือภายนอก): templates/external.docx."""
from __future__ import annotations

from docx import Document

from generator.render.builders.kit import (
    DATE_COLUMN,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    contact_block,
    garuda_top,
    labelled,
    labelled_list,
    para,
    qr_table,
    signature_block,
    tag,
)

NAME = "external"



def make() -> Document:
    doc = base_document("หนังสือภายนอก")
    body = doc

    garuda_top(body)

    blank(body)
    para(body, "{{ date }}", left=DATE_COLUMN)
    blank(body)
    labelled(body, "เรื่อง", "{{ subject }}")
    blank(body)
    addressee(body, "salutation")
    for label, items in (("อ้างถึง", "references"), ("สิ่งที่ส่งมาด้วย", "enclosures")):
        tag(body, f"if {items}")
        blank(body)
        labelled_list(body, label, items)
        tag(body, "endif")
    blank(body)
    body_paragraphs(body)

    blank(body, keep_next=True)
    signature_block(body)

    contact_block(body)

    tag(body, "if copies")
    blank(body, keep_next=True)
    labelled_list(body, "สำเนาส่ง", "copies", keep_next=True)
    tag(body, "endif")

    tag(body, "if qr_codes")
    blank(body, keep_next=True)
    qr_table(body)
    tag(body, "endif")
    return doc
