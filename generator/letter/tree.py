"""Finding letters: every YAML file under the paths given, and the root of its tree.

Standard library only: a build with nothing to do needs this and the cache, not the pipeline.
"""
from __future__ import annotations

import os
from pathlib import Path

LETTER_SUFFIXES = (".yaml", ".yml")
PROFILE_NAME = "agency.yaml"
FONTS_FOLDER = "fonts"


def letters_root(file: Path) -> Path:
    """The top of a letter's tree: the highest folder above it holding an agency.yaml
    (not crossing a git repository's top), else the letter's own folder."""
    root = file.parent.resolve()
    folder = root
    while True:
        if (folder / PROFILE_NAME).is_file():
            root = folder
        if (folder / ".git").exists() or folder.parent == folder:
            return root
        folder = folder.parent


def discover(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every letter (a YAML file other than agency.yaml) under ``paths``, with its root."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            found += [(path / relative, root) for relative in _letter_files(str(path))]
        else:
            found.append((path, letters_root(path)))
    return found


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
    """The ``fonts/`` folders the letters' profiles will name (known before reading any YAML)."""
    return sorted({folder / FONTS_FOLDER for file, root in letters
                   for folder in folders_between(root, file.parent) if (folder / FONTS_FOLDER).is_dir()})
