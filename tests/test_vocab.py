import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from kg.errors import ConfigError
from kg.vocab import KG, Minter, slugify


def test_slug_examples() -> None:
    assert slugify("Asa'ib Ahl al-Haq") == "asaib-ahl-al-haq"
    assert slugify("Asa’ib Ahl al-Haq") == "asaib-ahl-al-haq"
    assert slugify("Kataib Hezbollah") == "kataib-hezbollah"
    assert slugify("!!!") == "x"


@given(st.text(max_size=200))
def test_slugs_are_iri_safe_and_stable(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 60
    assert slugify(slug) == slug


@given(st.sampled_from(["Person", "Group", "Place"]), st.text(min_size=1, max_size=50))
def test_minted_iris_are_readable(cls: str, name: str) -> None:
    iri = Minter("https://example.org/kg/").entity(cls, slugify(name))
    assert isinstance(iri, URIRef)
    assert str(iri).startswith(f"https://example.org/kg/{cls.lower()}/")


def test_base_without_scheme_is_refused() -> None:
    with pytest.raises(ConfigError, match="no scheme"):
        Minter("example.org/kg")


def test_closed_namespace_refuses_unknown_terms() -> None:
    assert str(KG.leaderOf).endswith("#leaderOf")
    with pytest.raises(AttributeError):
        KG.notATerm  # noqa: B018
