"""Thai text: digits, Buddhist-era dates and times (:mod:`.thai`), word breaking (:mod:`.wordbreak`).

The bottom layer with :mod:`generator.errors`, :mod:`generator.deps` and :mod:`generator.data`:
pure functions that every stage above may call, and that call no stage.
"""
