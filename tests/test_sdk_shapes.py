"""Shapes beyond Autumn's referrals, generated from tests/specs/shapes.yaml and called for real:
discriminated unions, typed error bodies, optional bodies, parameters, non-JSON responses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support import LoopbackServer, Reply, Seen, generated_sdk

SPEC = Path(__file__).resolve().parent / "specs" / "shapes.yaml"


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("pets") / "sdk"
    with generated_sdk(
        SPEC, out, package_name="pets-sdk", module="pets_sdk", client_class="Pets"
    ) as module:
        yield module


def client(pets: ModuleType, server: LoopbackServer) -> Any:
    return pets.Pets(server_url=server.url, retry_config=pets.utils.RetryConfig("none"))


def test_discriminated_union_in_and_out(pets: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {"kind": "cat", "lives": 9, "mood": "sleepy"})]
    with client(pets, server) as api:
        res = api.pets.add_pet(pet={"kind": "dog", "bark": "woof"})
    assert server.seen[0].json() == {"pet": {"kind": "dog", "bark": "woof"}}
    assert isinstance(res, pets.models.Cat)
    assert res.lives == 9
    assert res.mood == "sleepy"  # an enum value newer than the SDK still parses


def test_discriminator_rejects_an_unknown_kind(pets: ModuleType, server: LoopbackServer) -> None:
    server.replies = [Reply(200, {"kind": "parrot"})]
    with client(pets, server) as api, pytest.raises(pets.errors.ResponseValidationError) as caught:
        api.pets.add_pet(pet=pets.models.Dog(kind="dog", bark="woof"))
    assert "kind" in str(caught.value.cause)


def test_nullable_field_sends_null_only_when_given(
    pets: ModuleType, server: LoopbackServer
) -> None:
    server.default = Reply(200, {"kind": "dog", "bark": "woof"})
    with client(pets, server) as api:
        api.pets.add_pet(pet={"kind": "dog", "bark": "a"})
        api.pets.add_pet(pet={"kind": "dog", "bark": "a"}, note=None)
    assert "note" not in server.seen[0].json()
    assert server.seen[1].json()["note"] is None


def test_documented_error_body_raises_its_own_class(
    pets: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(409, {"message": "taken", "existing": {"kind": "cat"}})]
    with client(pets, server) as api, pytest.raises(pets.errors.ConflictError) as caught:
        api.pets.add_pet(pet={"kind": "cat"})
    error = caught.value
    assert isinstance(error, pets.errors.PetsError)
    assert error.status_code == 409
    assert error.data.message == "taken"
    assert isinstance(error.data.existing, pets.models.Cat)


def test_error_body_that_does_not_match_falls_back_to_the_default_error(
    pets: ModuleType, server: LoopbackServer
) -> None:
    server.replies = [Reply(409, {"unexpected": True})]
    with client(pets, server) as api, pytest.raises(pets.errors.PetsDefaultError) as caught:
        api.pets.add_pet(pet={"kind": "cat"})
    assert caught.value.status_code == 409


def test_parameters_and_optional_body(pets: ModuleType, server: LoopbackServer) -> None:
    server.default = Reply(
        200, {"pets": [{"kind": "dog", "bark": "x"}, {"kind": "cat"}], "best": None}
    )
    with client(pets, server) as api:
        res = api.pets.search_pets(kind="cat", tags=["a", "b c"], x_trace="t-1")
        api.pets.search_pets(request={"min_lives": 3})
    first, second = server.seen
    assert first.method == "GET"
    assert first.path == "/pets?kind=cat&tags=a&tags=b+c"
    assert first.headers["x-trace"] == "t-1"
    assert first.body == b""  # no body when none was given
    assert second.json() == {"min_lives": 3}
    assert [type(p).__name__ for p in res.pets] == ["Dog", "Cat"]
    assert res.best is None


async def test_binary_text_and_empty_responses(pets: ModuleType, server: LoopbackServer) -> None:
    png = bytes(range(256))
    server.replies = [
        Reply(200, png, {"content-type": "image/png"}),
        Reply(200, "Rex", {"content-type": "text/plain; charset=utf-8"}),
        Reply(204),
        Reply(404, {"detail": "no such pet"}),
    ]
    async with client(pets, server) as api:
        photo = await api.pets.get_photo_async(pet_id="a/b")
        assert not photo.is_stream_consumed  # handed over unread, to be streamed
        assert b"".join([chunk async for chunk in photo.aiter_bytes()]) == png
        await photo.aclose()
        assert await api.pets.get_name_async(pet_id="p1") == "Rex"
        assert await api.pets.forget_name_async(pet_id="p1") is None
        with pytest.raises(pets.errors.ForgetName404Error) as caught:
            await api.pets.forget_name_async(pet_id="p1")
    assert caught.value.data.detail == "no such pet"
    assert server.seen[0].path == "/pets/a%2Fb/photo"  # a path parameter cannot add segments


def test_a_binary_response_streams_without_loading_it_all(
    pets: ModuleType, server: LoopbackServer
) -> None:
    big = bytes(range(256)) * 4096  # 1 MiB
    server.replies = [Reply(200, big, {"content-type": "image/png"}), Reply(404, {"detail": "x"})]
    with client(pets, server) as api, closing(api.pets.get_photo(pet_id="p")) as photo:
        chunks = list(photo.iter_bytes(chunk_size=65536))
        assert photo.headers["content-type"] == "image/png"
    assert len(chunks) == 16 and b"".join(chunks) == big
    with client(pets, server) as api, pytest.raises(pets.errors.PetsError) as caught:
        api.pets.get_photo(pet_id="p")  # an error body is read, never handed over
    assert caught.value.status_code == 404


def test_binary_text_form_and_multipart_bodies(
    pets: ModuleType, server: LoopbackServer, tmp_path: Path
) -> None:
    server.default = Reply(204)
    photo = tmp_path / "rex.png"
    photo.write_bytes(b"\x89PNG\x00\x01")
    with client(pets, server) as api:
        api.pets.upload_photo(pet_id="p1", request=b"\x00\xff raw")
        with photo.open("rb") as handle:
            api.pets.upload_photo(pet_id="p1", request=handle)
        api.pets.add_note(request="héllo")
        api.pets.adopt(name="Rex", toys=["ball", "rope"], indoor=True)
        with photo.open("rb") as handle:
            api.pets.send_record(record=handle, vet="Dr. Who")
    raw, from_file, note, form, multipart = server.seen
    assert (raw.headers["content-type"], raw.body) == ("application/octet-stream", b"\x00\xff raw")
    assert from_file.body == b"\x89PNG\x00\x01"
    assert (note.headers["content-type"], note.body) == ("text/plain", "héllo".encode())
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.body == b"name=Rex&toys=ball&toys=rope&indoor=true"
    assert multipart.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="record"; filename="rex.png"' in multipart.body
    assert b"\x89PNG\x00\x01" in multipart.body
    assert b'name="vet"\r\n\r\nDr. Who' in multipart.body
    assert b'filename="rex.png"\r\nContent-Type: image/png\r\n' in multipart.body


def test_uploads_with_a_file_name_and_content_type(
    pets: ModuleType, server: LoopbackServer
) -> None:
    upload = pets.utils.FileUpload
    server.default = Reply(204)
    with client(pets, server) as api:
        api.pets.send_record(record=upload("scan.pdf", b"%PDF"), vet="V")
        api.pets.send_record(record=upload("notes", b"n", "text/markdown"))
        api.pets.send_record(record=b"plain bytes")
        api.pets.upload_photo(pet_id="p1", request=upload("x.jpg", b"\xff\xd8", "image/jpeg"))
    guessed, given, bare, raw = server.seen
    assert b'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF' in guessed.body
    assert b'filename="notes"\r\nContent-Type: text/markdown\r\n\r\nn' in given.body
    assert b'filename="record"\r\nContent-Type: application/octet-stream' in bare.body
    assert (raw.headers["content-type"], raw.body) == ("image/jpeg", b"\xff\xd8")


def test_an_idempotency_key_makes_a_post_safe_to_retry(
    pets: ModuleType, server: LoopbackServer
) -> None:
    ok = Reply(200, {"kind": "dog", "bark": "woof"})
    server.replies = [Reply(503, "busy"), ok, ok]
    api = pets.Pets(server_url=server.url)  # the default retry policy
    with api:
        api.pets.add_pet(pet={"kind": "dog", "bark": "a"})
        api.pets.add_pet(pet={"kind": "dog", "bark": "a"}, idempotency_key="mine")
    first, retry, own = server.seen
    assert len(first.headers["idempotency-key"]) == 32
    assert retry.headers["idempotency-key"] == first.headers["idempotency-key"]
    assert own.headers["idempotency-key"] == "mine"


def page_of(seen: Seen) -> Reply:
    """Five dogs in pages of two: from `start` in the query, with no has_more flag (as
    x-speakeasy-pagination declares it), or from `offset` in the JSON body."""
    query = dict(part.split("=") for part in seen.path.partition("?")[2].split("&") if part)
    dogs = [{"kind": "dog", "bark": f"d{i}"} for i in range(5)]
    if "start" in query:
        start = int(query["start"])
        return Reply(200, {"list": dogs[start : start + 2]})
    offset = int((seen.json() or {}).get("offset", 0))
    return Reply(200, {"list": dogs[offset : offset + 2], "has_more": offset + 2 < 5})


def test_offset_pagination_in_the_body_and_in_the_query(
    pets: ModuleType, server: LoopbackServer
) -> None:
    server.default = page_of
    with client(pets, server) as api:
        from_body = [
            dog.bark for page in api.pets.list_pets_pages(request={"limit": 2}) for dog in page.list
        ]
        from_query = [dog.bark for page in api.pets.find_pets_pages(start=1) for dog in page.list]
    assert from_body == ["d0", "d1", "d2", "d3", "d4"]
    assert from_query == ["d1", "d2", "d3", "d4"]
    assert [s.json() for s in server.seen[:3]] == [
        {"limit": 2, "offset": 0},
        {"limit": 2, "offset": 2},
        {"limit": 2, "offset": 4},
    ]


async def test_offset_pagination_async(pets: ModuleType, server: LoopbackServer) -> None:
    server.default = page_of
    request = pets.models.ListPetsRequest(limit=2)
    async with client(pets, server) as api:
        barks = [
            dog.bark
            async for page in api.pets.list_pets_pages_async(request=request)
            for dog in page.list
        ]
    assert barks == ["d0", "d1", "d2", "d3", "d4"]
    assert request.offset is None  # the caller's request is left as it was


def test_an_api_key_header_travels_and_never_reaches_the_log(
    pets: ModuleType, server: LoopbackServer
) -> None:
    import logging

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("pets-sdk-test")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(Collect())
    server.default = Reply(200, "Rex", {"content-type": "text/plain"})
    with pets.Pets(server_url=server.url, pet_key="key-secret-123", debug_logger=logger) as api:
        api.pets.get_name(pet_id="p1")
    assert server.seen[0].headers["x-pet-key"] == "key-secret-123"
    log = "\n".join(records)
    assert "key-secret-123" not in log and "[REDACTED]" in log and "/pets/p1/name" in log


async def test_cursor_pagination(pets: ModuleType, server: LoopbackServer) -> None:
    pages = {"": ("d0", "c1"), "c1": ("d1", "c2"), "c2": ("d2", None)}

    def feed(seen: Seen) -> Reply:
        cursor = seen.path.partition("cursor=")[2]
        bark, following = pages[cursor]
        return Reply(200, {"list": [{"kind": "dog", "bark": bark}], "next_cursor": following})

    server.default = feed
    with client(pets, server) as api:
        barks = [dog.bark for page in api.pets.pet_feed_pages() for dog in page.list]
    async with client(pets, server) as api:
        later = [
            dog.bark
            async for page in api.pets.pet_feed_pages_async(cursor="c1")
            for dog in page.list
        ]
    assert barks == ["d0", "d1", "d2"]
    assert later == ["d1", "d2"]
    assert [s.path for s in server.seen[:3]] == [
        "/pets.feed",
        "/pets.feed?cursor=c1",
        "/pets.feed?cursor=c2",
    ]


def test_the_readme_names_the_upload_and_download_operations(pets: ModuleType) -> None:
    readme = (Path(str(pets.__file__)).parents[2] / "README.md").read_text()
    toc = readme.split("<!-- End Table of Contents")[0]
    assert "* [File Uploads](#file-uploads)" in toc and "* [File Downloads](#file-downloads)" in toc
    uploads = readme.split("## File Uploads")[1].split("<!-- End")[0]
    assert "`upload_photo`" in uploads and "`send_record`" in uploads
    assert "`get_photo`" not in uploads
    downloads = readme.split("## File Downloads")[1].split("<!-- End")[0]
    assert "`get_photo`" in downloads and "`upload_photo`" not in downloads
