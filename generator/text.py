"""Spec text made safe for Python source and Markdown: literals, docstrings, table cells.

Pure helpers every stage may use: the schema kinds write their hints and docs with them.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    """Control characters (NUL, escape sequences, ...) removed; newlines and tabs kept."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def py_literal(value: Any) -> str:
    """A Python expression that evaluates to `value` (JSON-like data) and does nothing else."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{py_literal(str(key))}: {py_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    return py_string(str(value))


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Printable ASCII but the quote and the backslash: text that is its own literal's body.
_PLAIN = re.compile(r"[ !#-\[\]-~]*")


def py_string(text: str) -> str:
    """A double-quoted, all-ASCII Python string literal for any text, emoji included.

    (json.dumps would write characters beyond the BMP as surrogate pairs, which Python reads as
    two lone surrogates.)
    """
    # Three backticks in a docs snippet would end its Markdown code block mid-string.
    fenced = "```" in text
    if not fenced and _PLAIN.fullmatch(text):
        return f'"{text}"'  # most text: a quarter of a million calls on a large API
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif fenced and char == "`":
            out.append("\\x60")
        elif 32 <= code < 127:
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def docstring(text: str, indent: str = "") -> str:
    """A complete docstring statement; quotes and backslashes in the text cannot end it early."""
    body = printable(text).strip().replace("\\", "\\\\")
    if '"""' in body or body.endswith('"'):
        # Escaping every quote is the simple way to keep any run of them from closing the string.
        body = body.replace('"', '\\"')
    # Room for the quotes: a docstring line is never longer than the formatter allows.
    width = DOCSTRING_WIDTH - len(indent) - 6
    lines = [wrapped for line in body.splitlines() for wrapped in _wrap(line, width)] or [""]
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    joined = "\n".join((indent + line) if line.strip() else "" for line in lines[1:])
    return f'"""{lines[0]}\n{joined}\n{indent}"""'


# Prose lines of docstrings are wrapped to the line length the code is formatted to.
DOCSTRING_WIDTH = 88


def _wrap(line: str, width: int) -> list[str]:
    """Long prose lines wrapped at word boundaries; indented lines (code, lists) kept whole,
    as are words longer than a line, such as URLs."""
    if len(line) <= width or line[:1].isspace():
        return [line]
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]


def md_text(text: str) -> str:
    """Spec text placed in Markdown prose: HTML is shown, not run."""
    return printable(text).strip().replace("<", "&lt;").replace(">", "&gt;")


def md_code(text: str) -> str:
    """Spec text as an inline code span: the fence outgrows any run of backticks in the text, so
    nothing in it can close the span, and inside a span HTML is shown, not rendered."""
    text = " ".join(printable(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def md_cell(text: str) -> str:
    """Spec text for one Markdown table cell: one line, pipes escaped, HTML shown as text."""
    flattened = "<br/>".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return md_text(flattened).replace("&lt;br/&gt;", "<br/>").replace("|", "\\|")


def md_escape(text: str) -> str:
    """Literal text for Markdown where `*`, `_` and backticks would otherwise format it."""
    escaped = md_cell(text)
    for char in ("*", "_", "`"):
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def md_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table whose columns all share the widest cell's width, as Speakeasy's pages do."""
    width = max(len(cell) for row in [header, *rows] for cell in row)
    lines = [_row(header, width), _row(["-" * width] * len(header), width)]
    lines.extend(_row(row, width) for row in rows)
    return "\n".join(lines)


def _row(cells: list[str], width: int) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell in cells) + " |"


def spoken_list(items: Any, conjunction: str = "and") -> str:
    """Items as prose: "a, b and c"."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def seconds(milliseconds: int) -> str:
    """Milliseconds as a count of seconds, without a fraction when whole: 8000 -> "8"."""
    return f"{milliseconds / 1000:g}"
