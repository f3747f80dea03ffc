"""Receiving letters (``saraban receive``): the receiving stamp (ตรารับ) drawn on page 1 of a
received PDF, the fields read from its text layer, and the record of each receipt
(``received/<พ.ศ.>/<n>.yaml`` with the stamped PDF beside it).

- :mod:`.stamp` draws the stamp: text shaped by HarfBuzz, glyphs of the office's font embedded
  with a ToUnicode map (searchable), overlaid with pikepdf; the original file is never written.
- :mod:`.placement` finds where on page 1 the stamp covers nothing (PDFium: objects and pixels).
- :mod:`.fields` reads ที่, ลงวันที่, เรื่อง, เรียน/ถึง and the sender from the text layer.
- :mod:`.record` is the record's schema (Thai keys as in letters), reading and writing it.
- :mod:`.receive` numbers receipts through the calendar year under the letters tree's lock.
"""
