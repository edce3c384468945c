"""The page iterators' docstrings say how each kind of pagination moves and when it stops."""

from __future__ import annotations

from pathlib import Path

from generator.builder import build_api
from generator.load import load_document
from generator.render.filters import pages_docstring
from tests.support import autumn_config

SHAPES = Path(__file__).resolve().parent / "specs" / "shapes.yaml"


def test_pages_docstrings_follow_the_pagination_kind() -> None:
    api, _ = build_api(load_document(SHAPES), autumn_config(SHAPES, Path("unused")))
    paged = {op.py_name: op for op in api.operations if op.pagination is not None}
    feed, find = paged["pet_feed"], paged["find_pets"]
    assert feed.pagination is not None and feed.pagination.kind == "cursor"
    assert find.pagination is not None and find.pagination.kind == "offset"
    assert not find.pagination.has_more_field
    feed_text = " ".join(pages_docstring(feed, False).split())
    find_text = " ".join(pages_docstring(find, True).split())
    assert "asks for the `next_cursor` the last page returned, until a page returns none." in (
        feed_text
    )
    assert "moves the offset past the `list` it got, until a page comes back empty." in find_text
    assert "``" not in feed_text + find_text
