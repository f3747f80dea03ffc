"""Letter numbers and the registers: ``saraban issue`` (:mod:`.numbering`) and the sending
register as CSV, XLSX or PDF (:mod:`.sending`, laid out by :mod:`.sending_docx`)."""
