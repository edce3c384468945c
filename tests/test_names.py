"""Python names from spec names: valid, stable, collision-free."""

from __future__ import annotations

import keyword

import pytest

from generator.builder.names import MODEL_RESERVED, NameScope, pascal_case, snake_case


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("createCode", "create_code"),
        ("createReferralCode", "create_referral_code"),
        ("x-api-version", "x_api_version"),
        ("secretKey", "secret_key"),
        ("HTTPServer", "http_server"),
        ("customer_id", "customer_id"),
        ("2fa", "value_2fa"),
        ("Ünïcödé name", "unicode_name"),
        ("!!!", "value"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("createReferralCode", "CreateReferralCode"),
        ("referrals", "Referrals"),
        ("customer data", "CustomerData"),
        ("3d-model", "Model3dModel"),
    ],
)
def test_pascal_case(wire: str, expected: str) -> None:
    assert pascal_case(wire) == expected


def test_keywords_get_an_underscore_and_clashes_a_number() -> None:
    scope = NameScope()
    assert scope.claim("class") == "class_"
    assert scope.claim("item") == "item"
    assert scope.claim("item") == "item_2"
    assert all(not keyword.iskeyword(name) for name in ("class_", "item_2"))


def test_reserved_model_attributes_are_renamed() -> None:
    scope = NameScope(MODEL_RESERVED)
    assert scope.claim("json") == "json_"
    assert scope.claim("model_config") == "model_config_"
    assert scope.claim("list") == "list"


def test_case_folding_scope_keeps_file_names_distinct() -> None:
    scope = NameScope(fold_case=True)
    assert scope.claim("Foo") == "Foo"
    assert scope.claim("FOO") == "FOO2"


def test_same_inputs_same_names() -> None:
    def names() -> list[str]:
        scope = NameScope()
        return [scope.claim(snake_case(n)) for n in ["a-b", "a_b", "aB", "A B"]]

    assert names() == names() == ["a_b", "a_b_2", "a_b_3", "a_b_4"]
