"""Finding letters: every YAML file under the paths given, and the root of its tree.

Standard library only: a build with nothing to do needs this and the cache, not the pipeline.
"""
from __future__ import annotations

import os
from pathlib import Path

from generator.letter.files import font_folder_problem

LETTER_SUFFIXES = (".yaml", ".yml")
PROFILE_NAME = "agency.yaml"
FONTS_FOLDER = "fonts"
RECEIVED_FOLDER = "received"     # records of received letters (saraban receive): received/<พ.ศ.>/<n>.yaml


def is_received_record(file: Path) -> bool:
    """A record of a received letter (``received/2567/1338.yaml``), which is no letter to build."""
    return file.parent.name.isdigit() and file.parent.parent.name == RECEIVED_FOLDER


def find(paths: list[Path]) -> list[tuple[Path, list[str]]]:
    """Each path given, with ``str(file)`` of every letter :func:`discover` finds there, without
    making a Path of each (a build with nothing to do compares the names with the last one's)."""
    return [(path, _names_under(path) if path.is_dir() else [str(path)]) for path in paths]


def discover_names(paths: list[Path], found: list[tuple[Path, list[str]]] | None = None) -> list[str]:
    """``str(file)`` of every letter :func:`discover` finds (``found``: :func:`find`'s answer)."""
    return [name for _, names in (find(paths) if found is None else found) for name in names]


def _received(file: str) -> bool:
    """:func:`is_received_record` of a path as text (no Path made for each of 10,000 letters)."""
    parts = os.path.normpath(file).split(os.sep)
    return len(parts) >= 3 and parts[-2].isdigit() and parts[-3] == RECEIVED_FOLDER


def letters_root(file: Path) -> Path:
    """The top of a letter's tree: the highest folder above it holding an agency.yaml
    (not crossing a git repository's top), else the letter's own folder."""
    return tree_root(file.parent)


def tree_root(start: Path) -> Path:
    """The root of the letters tree ``start`` is in: the highest folder at or above it holding an
    agency.yaml (not crossing a git repository's top), else ``start`` itself. ``letters/2568/``
    thus keeps ``letters/agency.yaml`` and its outputs' ``2568/`` folder."""
    root = folder = start.resolve()
    while True:
        if (folder / PROFILE_NAME).is_file():
            root = folder
        if (folder / ".git").exists() or folder.parent == folder:
            return root
        folder = folder.parent


def discover(paths: list[Path], found: list[tuple[Path, list[str]]] | None = None) -> list[tuple[Path, Path]]:
    """Every letter (a YAML file other than agency.yaml) under ``paths``, with its root
    (``found``: :func:`find`'s answer, when the caller has it: the folders are not read twice)."""
    letters: list[tuple[Path, Path]] = []
    for path, names in find(paths) if found is None else found:
        if path.is_dir():
            root = tree_root(path)
            letters += [(Path(name), root) for name in names]
        else:
            letters.append((path, letters_root(path)))
    return letters


def _names_under(folder: Path) -> list[str]:
    """The letters below ``folder`` as ``str(folder / relative)`` would name them."""
    top = str(folder)
    prefix = "" if top == "." else top if top.endswith(os.sep) else top + os.sep
    return [prefix + relative for relative in _letter_files(top) if not _received(f"{top}{os.sep}{relative}")]


def _letter_files(folder: str, below: str = "") -> list[str]:
    """The letters under ``folder`` (paths below it), in the order of ``sorted(Path.rglob("*"))``;
    not in folders or files whose names start with a dot, not through a link to a folder (as
    ``rglob``). With ``os.scandir``: a Path for every file of 10,000 would cost a tenth of a second."""
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = f"{below}{entry.name}"
        try:
            if entry.is_dir() and not entry.is_symlink():
                found += _letter_files(entry.path, relative + os.sep)
            elif (os.path.splitext(entry.name)[1] in LETTER_SUFFIXES and entry.name != PROFILE_NAME
                  and entry.is_file()):
                found.append(relative)
        except OSError:
            continue
    return found


def relative_name(file: Path, root: Path) -> Path:
    """``file``'s path below ``root`` without its suffix (its name alone when not below it)."""
    try:                      # without a system call first: 10,000 letters, one resolve() each, is a second
        return Path(os.path.abspath(file)).relative_to(root).with_suffix("")
    except ValueError:
        pass
    try:
        return file.resolve().relative_to(root).with_suffix("")
    except ValueError:
        return Path(file.stem)


def folders_between(root: Path, folder: Path) -> list[Path]:
    """``root`` and every folder below it down to ``folder``, outermost first."""
    root, folder = root.resolve(), folder.resolve()
    chain = [folder]
    while chain[-1] != root and chain[-1] != chain[-1].parent:
        chain.append(chain[-1].parent)
    if chain[-1] != root:      # folder is not inside root: only its own folder counts
        return [folder]
    return list(reversed(chain))


def font_folders(letters: list[tuple[Path, Path]]) -> list[Path]:
    """The ``fonts/`` folders the letters' profiles will name (known before reading any YAML):
    only those wholly inside their letters tree (:func:`generator.letter.files.font_folder_problem`;
    a letter below any other fails, naming it)."""
    found = {(folder / FONTS_FOLDER, chain[0]) for file, root in letters
             for chain in [folders_between(root, file.parent)]
             for folder in chain if (folder / FONTS_FOLDER).is_dir()}
    return sorted({folder for folder, top in found if font_folder_problem(top, folder) is None})
