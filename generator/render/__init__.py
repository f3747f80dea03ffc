"""Resolve and render: a validated letter → the exact strings that print → a DOCX.

- :mod:`.resolve`: the helpers each kind's rules call (Thai digits and dates, signers, emblem,
  QR codes, the salutation table) and :class:`~generator.render.resolve.Resolved`, their result;
- :mod:`.markdown`: the body's Markdown subset;
- :mod:`.docx`: the template filled in Jinja's sandbox (docxtpl), written with fixed bytes;
- :mod:`.docxzip`: reading and writing a DOCX's XML parts;
- :mod:`.builders`: the code that draws ``templates/<kind>.docx`` (``make templates``);
- :mod:`.templatecheck`: what a clerk's edit in Word can break in a template.
"""
