"""Load and validate: a letter's YAML file → plain data with the line of every key → a checked model.

- :mod:`.tree`: finding letter files and the root of their tree;
- :mod:`.loader`: YAML → :class:`~generator.letter.loader.Source` (data and lines);
- :mod:`.thaikeys`: Thai key names → English ones;
- :mod:`.parts`: the Thai name of every part, for messages;
- :mod:`.schema`: the field types every kind's schema is built from, and validation errors as problems.
"""
