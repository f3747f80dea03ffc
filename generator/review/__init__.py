"""Reviewing letters: ``saraban diff`` (:mod:`.diff`: what a change does to each letter's pages)
and ``saraban preview`` (:mod:`.preview`: render again on every save)."""
