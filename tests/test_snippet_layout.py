"""Snippet calls laid out without the formatter must be laid out exactly as it lays them out,
and the formatter's batch (every snippet of an API in one run) as it lays out each alone."""

from __future__ import annotations

import pytest

from generator.pyformat import format_text
from generator.render.snippets import _LAYOUTS, _call_layout, _lay_out

HEAD = "res = await client.some_resource.a_rather_long_operation_name_async"


def by_formatter(head: str, arguments: tuple[str, ...], indent: str) -> str:
    """The call alone through the formatter, inside functions as deep as its indent."""
    depth = len(indent) // 4
    wrappers = "".join("    " * level + "async def _():\n" for level in range(depth))
    formatted = format_text(f"{wrappers}{indent}{head}({', '.join(arguments)})\n")
    return "\n".join(formatted.splitlines()[depth:])


ARGUMENTS = [
    (),
    ('id="<value>"',),
    ('id="<value>"', "limit=10", 'name="Ada"'),
    tuple(f'field_{i}="value number {i}"' for i in range(8)),
    ('request={"name": "Ada", "tags": ["a", "b"], "deep": {"x": None}}',),
]
LEFT_TO_THE_FORMATTER = [
    ("data=b'<binary>'",),  # repr() quotes bytes singly; the formatter requotes them
    ('name="' + "名前" * 20 + '"',),  # the formatter measures East Asian width
    ('request={"text": "' + "x" * 100 + '"}',),  # an argument too long for its own line
]


@pytest.mark.parametrize("indent", ["", "    ", "        "])
@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_the_direct_layout_is_the_formatters(arguments: tuple[str, ...], indent: str) -> None:
    laid_out = _call_layout(HEAD, arguments, indent)
    assert laid_out is not None
    assert laid_out == by_formatter(HEAD, arguments, indent)


@pytest.mark.parametrize("arguments", LEFT_TO_THE_FORMATTER)
def test_what_the_formatter_must_decide_goes_to_it(arguments: tuple[str, ...]) -> None:
    assert _call_layout(HEAD, arguments, "    ") is None


def test_a_batch_lays_out_each_statement_as_alone() -> None:
    requests = [
        (f"{HEAD}({', '.join(arguments)})", indent)
        for arguments in [*ARGUMENTS, *LEFT_TO_THE_FORMATTER]
        for indent in ("", "    ", "        ")
    ]
    _LAYOUTS.clear()
    _lay_out(requests)
    for (statement, indent), arguments in zip(
        requests, [a for a in [*ARGUMENTS, *LEFT_TO_THE_FORMATTER] for _ in range(3)], strict=True
    ):
        assert _LAYOUTS[(statement, indent)] == by_formatter(HEAD, arguments, indent)
