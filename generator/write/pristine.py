"""The pristine store: what the generator produced for each file, before any hand edit.

A later run merges three ways and needs the previous generation as the base; the user's copy
cannot serve, since it may carry edits. Objects are the files' raw bytes, named by their
sha256 (the hash the manifest already records per file), under `.sdkgen/pristine/`:

- raw, not compressed, so git stores an unedited file's pristine copy as the very blob the SDK
  file already is (the same bytes are one object): the store costs the repository almost
  nothing beyond the files a user edited;
- content-addressed, so a spec change that touches three files changes three objects, and
  identical files share one;
- without a file extension, so no tool run over the SDK (ruff, mypy, pytest, a wheel build)
  mistakes a pristine copy for part of the package.

The objects are written and pruned by the same atomic swap as the SDK, so the store always
matches the manifest beside it.
"""

from __future__ import annotations

from pathlib import Path

from generator.write.manifest import Manifest, sha256

BOOKKEEPING = ".sdkgen/"
STORE = ".sdkgen/pristine"
# Pristine copies are bookkeeping: `git diff` and code review should show the SDK's changes
# once, not twice, and a checkout must not convert their line endings (that would change the
# bytes their names promise).
ATTRIBUTES = ".sdkgen/.gitattributes"
_ATTRIBUTES_TEXT = b"pristine/** -text -diff linguist-generated=true\n"


def object_path(digest: str) -> str:
    return f"{STORE}/{digest[:2]}/{digest[2:]}"


def store_files(pristine: dict[str, bytes]) -> dict[str, bytes]:
    """The store's files (relative to the output folder) for one generation's pristine output."""
    files = {object_path(sha256(data)): data for data in pristine.values()}
    files[ATTRIBUTES] = _ATTRIBUTES_TEXT
    return dict(sorted(files.items()))


def read_pristine(output: Path, digest: str) -> bytes | None:
    """The recorded bytes with this hash, or None when the object is missing or damaged."""
    try:
        data = (output / object_path(digest)).read_bytes()
    except OSError:
        return None
    return data if sha256(data) == digest else None


def stored_paths(output: Path) -> list[str]:
    """Every object in the store on disk, as paths relative to the output folder."""
    store = output / STORE
    if not store.is_dir():
        return []
    return sorted(
        path.relative_to(output).as_posix() for path in store.rglob("*") if path.is_file()
    )


def store_is_complete(output: Path, manifest: Manifest) -> bool:
    """Whether every file the manifest lists has its object. Presence only: this runs on the
    no-op path, and a damaged object is caught when a merge reads it."""
    return all((output / object_path(r.sha256)).is_file() for r in manifest.files.values())
