"""Article languages: BCP 47 tags checked for shape and stored in their usual case."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.text.language import parse_language


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("en", "en"),
        (" EN ", "en"),
        ("zh-hans", "zh-Hans"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("pt-br", "pt-BR"),
        ("es-419", "es-419"),
        ("de-CH-1901", "de-CH-1901"),
        ("zh-yue-HK", "zh-yue-HK"),
        ("en-US-x-twain", "en-US-x-twain"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_well_formed_tags_are_kept_in_their_usual_case(typed, stored) -> None:
    assert parse_language(typed) == stored


@pytest.mark.parametrize("typed", ["english", "en_US", "e", "en-", "123", "en--US", "x" * 40])
def test_anything_else_is_refused_naming_the_field(typed) -> None:
    with pytest.raises(ValidationError, match="not a language tag") as refused:
        parse_language(typed)
    assert refused.value.field == "language"
