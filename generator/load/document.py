"""The loaded spec: every file it spans, $ref resolution with locations, and problem placement."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.load.source import line_of, read_spec_file
from generator.load.validate import validate_openapi
from generator.problems import Level, Problem, SpecError, pointer_from_parts

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    file: Path
    parts: Parts

    def child(self, *more: str | int) -> Location:
        return Location(self.file, self.parts + more)

    def parent(self) -> Location:
        return Location(self.file, self.parts[:-1])


@dataclass
class Document:
    """All files of one spec, by absolute path; the root is `root_file`."""

    root_file: Path
    display_name: str
    files: dict[Path, Any] = field(default_factory=dict)
    # The validator's warnings, when `load_document` validated: the pieces an SDK survives.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def root(self) -> Any:
        return self.files[self.root_file]

    @property
    def root_location(self) -> Location:
        return Location(self.root_file, ())

    def display(self, path: Path) -> str:
        if path == self.root_file:
            return self.display_name
        display_root = Path(self.display_name).parent
        try:
            return str(display_root / path.relative_to(self.root_file.parent))
        except ValueError:
            return str(path)

    def problem(self, level: Level, location: Location, message: str) -> Problem:
        return Problem(
            level,
            self.display(location.file),
            pointer_from_parts(location.parts),
            message,
            line_of(location.file, location.parts),
        )

    def target_of(self, ref: str, base_file: Path) -> Location:
        """Where a $ref points, without reading the value; raises KeyError for a malformed ref."""
        file_part, _, fragment = ref.partition("#")
        target_file = (base_file.parent / unquote(file_part)).resolve() if file_part else base_file
        if fragment and not fragment.startswith("/"):
            raise KeyError(f"'{ref}' is not a JSON pointer reference")
        parts: list[str | int] = []
        for token in fragment.split("/")[1:]:
            parts.append(unquote(token).replace("~1", "/").replace("~0", "~"))
        return Location(target_file, tuple(parts))

    def deref(self, value: Any, location: Location) -> tuple[Any, Location]:
        """Follow $refs until a value that is not a bare reference; cycles of refs are errors."""
        seen: set[Location] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            target = self.target_of(value["$ref"], location.file)
            if target in seen:
                message = "$ref cycle: the references lead back here without reaching a value"
                raise SpecError([self.problem(Level.ERROR, location, message)])
            seen.add(target)
            value, location = self.lookup(target), target
        return value, location

    def through_refs(self, parts: Parts) -> Location:
        """Where a path that the validator walked through `$ref`s really is: its parts name
        keys of the referring objects, which are found in the objects the refs point to.
        Where the path leaves the document, the location stays as the validator gave it."""
        location = self.root_location
        value = self.root
        try:
            for part in parts:
                while isinstance(value, dict) and part not in value and "$ref" in value:
                    value, location = self.deref(value, location)
                value = value[int(part)] if isinstance(value, list) else value[part]
                location = location.child(part)
            # A finding about a schema that is a bare reference is about the schema it names.
            _, location = self.deref(value, location)
        except (KeyError, IndexError, TypeError, ValueError, SpecError):
            return Location(self.root_file, parts)
        return location

    def lookup(self, target: Location) -> Any:
        """The value at a location; raises KeyError, IndexError or TypeError when there is none."""
        value = self.files[target.file]
        for part in target.parts:
            value = value[int(part)] if isinstance(value, list) else value[part]
        return value


def load_document(path: Path, display_name: str | None = None, validate: bool = True) -> Document:
    """Read the spec and every file it references, check each $ref lands, then validate
    (unless the caller knows this very spec was validated before). Raises SpecError when a
    problem is an error; the warnings are kept on the document."""
    root_file = path.resolve()
    document = Document(root_file, display_name or str(path))
    document.files[root_file] = read_spec_file(root_file, document.display_name)
    if not isinstance(document.root, dict):
        raise SpecError(
            [Problem(Level.ERROR, document.display_name, "#", "a spec must be a mapping")]
        )
    problems = _load_referenced_files(document)
    if problems:
        raise SpecError(problems)
    if validate:
        document.warnings = validate_openapi(document)
    return document


def _load_referenced_files(document: Document) -> list[Problem]:
    problems: list[Problem] = []
    pending = [document.root_file]
    checked: set[Path] = set()
    landed: list[Location] = []
    while pending:
        file = pending.pop()
        if file in checked:
            continue
        checked.add(file)
        for ref, location in _refs_in(document.files[file], Location(file, ())):
            problem = _check_ref(document, ref, location, pending)
            if problem is None:
                landed.append(location)
            else:
                problems.append(problem)
    for location in landed:
        # A ref whose chain of refs comes back to itself has no value at all.
        try:
            document.deref(document.lookup(location), location)
        except SpecError as error:
            problems.extend(error.problems)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # the chain reaches a $ref that lands nowhere, reported above where it is
    unique = {(p.file, p.pointer, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.file, p.line or 0, p.pointer))


def _check_ref(
    document: Document, ref: str, location: Location, pending: list[Path]
) -> Problem | None:
    ref_location = location.child("$ref")
    try:
        target = document.target_of(ref, location.file)
    except KeyError as exc:
        return document.problem(Level.ERROR, ref_location, str(exc.args[0]))
    if target.file not in document.files:
        if not target.file.is_file():
            return document.problem(
                Level.ERROR, ref_location, f"$ref '{ref}' points to a file that does not exist"
            )
        try:
            document.files[target.file] = read_spec_file(target.file, document.display(target.file))
        except SpecError as exc:
            return exc.problems[0]
        pending.append(target.file)
    try:
        document.lookup(target)
    except (KeyError, IndexError, ValueError, TypeError):
        return document.problem(Level.ERROR, ref_location, f"$ref '{ref}' points nowhere")
    return None


def _refs_in(value: Any, location: Location) -> list[tuple[str, Location]]:
    found: list[tuple[str, Location]] = []
    stack: list[tuple[Any, Location]] = [(value, location)]
    # YAML aliases share one object between places; visiting it once keeps anchors cheap.
    visited: set[int] = set()
    while stack:
        current, where = stack.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                found.append((ref, where))
            for key, child in current.items():
                if key != "$ref" and isinstance(child, (dict, list)):
                    stack.append((child, where.child(_part(key))))
        elif isinstance(current, list):
            for index, child in enumerate(current):
                if isinstance(child, (dict, list)):
                    stack.append((child, where.child(index)))
    return found


def _part(key: Any) -> str | int:
    return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
