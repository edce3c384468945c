"""Reading one spec file: parse it, and find the line of a JSON pointer when a problem needs it."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Level, Problem, SpecError, pointer_from_parts

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML with YAML 1.2's core schema, which OpenAPI requires: `no`, `on` and `yes` stay
    strings, `2025-01-01` stays a string, and only true/false are booleans."""


class _RedefiningLoader(yaml.SafeLoader):
    """The pure-Python loader, for the rare document that defines an anchor twice. YAML allows
    it (an alias refers to the most recent node with that anchor), but PyYAML's composer, in C
    and in Python alike, refuses the second definition. This one forgets the first as the
    second begins. It is slower than the C loader, so it runs only where that one refused."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None) is not None:
            self.anchors.pop(event.anchor, None)
        return super().compose_node(parent, index)


_REPLACED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CORE_SCHEMA_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _CORE_SCHEMA_RESOLVERS
_RedefiningLoader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in _CORE_SCHEMA_RESOLVERS.items()
}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    for _loader in (_Loader, _RedefiningLoader):
        _loader.add_implicit_resolver(
            f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first)
        )
_Composer: type[yaml.SafeLoader] = _Loader

# A document far beyond any real API description is refused before parsing, so hostile input
# fails fast instead of exhausting memory. It stays at 32 MB although Microsoft Graph (20 MB)
# now generates in under 2 minutes: the next size up, graph-beta (47 MB), would need about
# 2.3 times Graph's memory (767 MiB in the largest process), past the 1.5 GiB these runs allow.
MAX_SPEC_BYTES = 32 * 1024 * 1024


def read_spec_file(path: Path, display_name: str) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise _file_problem(
                display_name, f"file is {size} bytes; the limit is {MAX_SPEC_BYTES} bytes"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _file_problem(display_name, "file not found") from None
    except IsADirectoryError:
        raise _file_problem(display_name, "is a directory, not a spec file") from None
    except UnicodeDecodeError as exc:
        raise _file_problem(display_name, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise _file_problem(display_name, f"cannot read file: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        # JSON read as JSON: faster, and its surrogate-pair escapes (emoji) are valid there.
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON, column {exc.colno}: {exc.msg}"
            raise SpecError(
                [Problem(Level.ERROR, display_name, "#", message, exc.lineno)]
            ) from None
        except RecursionError:
            raise _file_problem(display_name, "JSON nests too deeply to read") from None
        if _SURROGATE_ESCAPE.search(text):
            _refuse_lone_surrogates(document, path, display_name)
        return document
    try:
        document = _parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = str(exc.problem or exc.context or "invalid YAML")
        line = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        message = f"invalid YAML{column}: {problem}"
        raise SpecError([Problem(Level.ERROR, display_name, "#", message, line)]) from None
    except yaml.YAMLError as exc:
        raise _file_problem(display_name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _file_problem(display_name, "YAML nests too deeply to read") from None

    expanded = expanded_size(document)
    if expanded > MAX_EXPANDED_VALUES:
        raise _file_problem(
            display_name,
            f"YAML aliases expand this document to more than {MAX_EXPANDED_VALUES:,} values"
            " (a billion-laughs pattern); refusing to read it",
        )
    return document


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if not _is_duplicate_anchor(exc):
            raise
        return yaml.load(text, Loader=_RedefiningLoader)


def _is_duplicate_anchor(error: yaml.YAMLError) -> bool:
    # The C composer puts the words in `context`, the Python one in `problem`.
    said = (getattr(error, "context", None), getattr(error, "problem", None))
    return any(str(text).startswith("found duplicate anchor") for text in said)


# Aliases share one object between places, which is cheap to load but not to walk: every stage
# after loading sees the expanded tree. GitHub's 13 MB spec expands to about 2 million values.
MAX_EXPANDED_VALUES = 20_000_000


def expanded_size(value: Any) -> int:
    """How many values the document has once every alias is expanded, in time linear in the
    number of distinct objects."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        current, children_done = stack.pop()
        if not isinstance(current, (dict, list)) or id(current) in sizes:
            continue
        children = list(current.values()) if isinstance(current, dict) else current
        if children_done:
            sizes[id(current)] = 1 + sum(
                sizes.get(id(child), 1) if isinstance(child, (dict, list)) else 1
                for child in children
            )
            continue
        stack.append((current, True))
        stack.extend((child, False) for child in children if isinstance(child, (dict, list)))
    return sizes.get(id(value), 1)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_lone_surrogates(document: Any, path: Path, display_name: str) -> None:
    """JSON can escape one half of a UTF-16 surrogate pair alone (`\\ud800`), which is no
    character at all: no file could hold it. Where the escapes are in pairs (emoji), JSON has
    joined them and nothing is found."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        value, parts = stack.pop()
        texts: list[tuple[str, tuple[str | int, ...]]] = []
        if isinstance(value, str):
            texts.append((value, parts))
        elif isinstance(value, dict):
            texts.extend((key, (*parts, key)) for key in value)
            stack.extend((child, (*parts, key)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, (*parts, index)) for index, child in enumerate(value))
        for text, where in texts:
            lone = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
            if lone is not None:
                message = f"\\u{ord(lone):04x} is half of a surrogate pair, alone: not a character"
                pointer = pointer_from_parts(where)
                line = line_of(path, where)
                raise SpecError([Problem(Level.ERROR, display_name, pointer, message, line)])


def _file_problem(display_name: str, message: str) -> SpecError:
    return SpecError([Problem(Level.ERROR, display_name, "#", message)])


def line_of(path: Path, parts: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the value at `parts` (of its key, in a mapping), or None."""
    if path.suffix.lower() == ".json":
        return _json_line(path, parts)
    node = _compose(path)
    line: int | None = node.start_mark.line + 1 if node is not None else None
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            match = next(
                (pair for pair in node.value if getattr(pair[0], "value", None) == str(part)),
                None,
            )
            if match is None:
                return line
            # A mapping entry is placed at its key: that is the line a reader looks for.
            line = match[0].start_mark.line + 1
            node = match[1]
            continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


@lru_cache(maxsize=16)
def _compose(path: Path) -> yaml.Node | None:
    # Composing keeps positions but costs a second parse, so it runs only to report a problem.
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for composer in (_Composer, _RedefiningLoader):
        try:
            return yaml.compose(text, Loader=composer)
        except yaml.composer.ComposerError as exc:
            if not _is_duplicate_anchor(exc):
                return None
        except yaml.YAMLError:
            return None
    return None


@lru_cache(maxsize=4)
def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _json_line(path: Path, parts: tuple[str | int, ...]) -> int | None:
    """The line of each key in turn, found by searching forward from its parent's: JSON puts a
    member after its parent's key. Composing a 13 MB JSON as YAML for positions takes seconds;
    this takes milliseconds, and stops refining at the first array index."""
    text = _text(path)
    if not text:
        return None
    position = 0
    for part in parts:
        if isinstance(part, int):
            break
        match = re.compile(re.escape(json.dumps(part)) + r"\s*:").search(text, position)
        if match is None:
            break
        position = match.start()
    return text.count("\n", 0, position) + 1
