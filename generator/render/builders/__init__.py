"""One module per kind: ``NAME`` (the template's file name without .docx) and ``make() -> Document``."""
