"""Running the pipeline over many letters.

- :mod:`.pipeline`: every letter through load → validate → resolve → render → convert → finish,
  each failing alone, outputs moved into place only when complete;
- :mod:`.plan`: which letters are unchanged since the last build (:mod:`.cache`);
- :mod:`.results`, :mod:`.console`: what became of each letter, and how it is printed.

:mod:`.plan`, :mod:`.cache`, :mod:`.results` and :mod:`.console` use the standard library (and
rich) only: a build with nothing to do never imports the pipeline.
"""
