"""Snippet calls laid out without black must be laid out exactly as black lays them out."""

from __future__ import annotations

import black
import pytest

from generator.render.snippets import _call_layout

HEAD = "res = await client.some_resource.a_rather_long_operation_name_async"


def by_black(head: str, arguments: tuple[str, ...], indent: str) -> str:
    mode = black.Mode(line_length=88 - len(indent) + 4)
    wrapped = black.format_str(f"async def _():\n    {head}({', '.join(arguments)})\n", mode=mode)
    return "\n".join(indent + line[4:] if line else line for line in wrapped.splitlines()[1:])


@pytest.mark.parametrize("indent", ["", "    ", "        "])
@pytest.mark.parametrize(
    "arguments",
    [
        (),
        ('id="<value>"',),
        ('id="<value>"', "limit=10", 'name="Ada"'),
        tuple(f'field_{i}="value number {i}"' for i in range(8)),
        ('request={"name": "Ada", "tags": ["a", "b"], "deep": {"x": None}}',),
    ],
)
def test_the_direct_layout_is_blacks(arguments: tuple[str, ...], indent: str) -> None:
    laid_out = _call_layout(HEAD, arguments, indent)
    assert laid_out is not None
    assert laid_out == by_black(HEAD, arguments, indent)


@pytest.mark.parametrize(
    "arguments",
    [
        ("data=b'<binary>'",),  # repr() quotes bytes singly; black requotes them
        ('name="名前"' * 20,),  # black measures East Asian width
        ('request={"text": "' + "x" * 100 + '"}',),  # an argument too long for its own line
    ],
)
def test_what_black_must_decide_goes_to_black(arguments: tuple[str, ...]) -> None:
    assert _call_layout(HEAD, arguments, "    ") is None
