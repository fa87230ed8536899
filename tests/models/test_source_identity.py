"""One address, one source: the rules of source_key, and the services that use them.

Each rule of models/text/urls.py source_key has its own case; then the services are run
on a real database: recording, reusing, resolving and re-addressing a source by any
spelling of its address finds the one record, through the unique index on sources.url.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Source
from models.errors import Conflict, ValidationError
from models.services import sourcing
from models.services.sourcing import SourceInput
from models.text.urls import normalise_url, source_key, url_spellings

from ..factories import make_source

RECORDED = "https://stats.example.org/cloud/2023"


@pytest.mark.parametrize(
    ("rule", "spelling"),
    [
        ("the scheme", "http://stats.example.org/cloud/2023"),
        ("a leading www.", "https://www.stats.example.org/cloud/2023"),
        ("a trailing slash", "https://stats.example.org/cloud/2023/"),
        ("a fragment", "https://stats.example.org/cloud/2023#table-2"),
        ("upper-case host and scheme", "HTTPS://Stats.Example.ORG/cloud/2023"),
        ("the default port", "https://stats.example.org:443/cloud/2023"),
        ("all of them", "HTTP://WWW.stats.example.org:80/cloud/2023/?utm_source=x#top"),
    ],
)
def test_a_spelling_of_the_same_address_has_the_same_key(rule: str, spelling: str) -> None:
    assert source_key(spelling) == source_key(RECORDED) == "stats.example.org/cloud/2023", rule


@pytest.mark.parametrize(
    "parameter",
    [
        "utm_source=news",
        "utm_medium=email",
        "utm_campaign=x",
        "utm_anything=y",
        "mtm_campaign=z",
        "fbclid=IwAR0",
        "gclid=Cj0K",
        "dclid=1",
        "msclkid=2",
        "mc_cid=3",
        "mc_eid=4",
        "igshid=5",
        "ref_src=twsrc",
        "_hsenc=6",
        "pk_campaign=7",
    ],
)
def test_a_tracking_parameter_does_not_count(parameter: str) -> None:
    assert source_key(f"{RECORDED}?{parameter}") == source_key(RECORDED)
    assert source_key(f"{RECORDED}?id=4&{parameter}") == source_key(f"{RECORDED}?id=4")


@pytest.mark.parametrize(
    ("rule", "other"),
    [
        ("another path", "https://stats.example.org/cloud/2022"),
        ("the path's case", "https://stats.example.org/Cloud/2023"),
        ("a parameter that names the document", "https://stats.example.org/cloud/2023?page=2"),
        ("another host", "https://example.org/cloud/2023"),
        ("another subdomain than www", "https://data.stats.example.org/cloud/2023"),
        ("another port", "https://stats.example.org:8443/cloud/2023"),
    ],
)
def test_what_names_another_document_keeps_its_own_key(rule: str, other: str) -> None:
    assert source_key(other) != source_key(RECORDED), rule


def test_www_alone_as_a_host_name_is_kept() -> None:
    assert source_key("https://www.com/a") == "www.com/a"


def test_the_spellings_start_with_the_address_as_given_and_share_its_key() -> None:
    spellings = url_spellings("http://www.stats.example.org/cloud/2023/?utm_source=x&id=4")
    assert spellings[0] == "http://www.stats.example.org/cloud/2023?id=4"  # normalise_url's
    assert len(spellings) == len(set(spellings)) == 8
    assert {source_key(s) for s in spellings} == {"stats.example.org/cloud/2023?id=4"}
    assert "https://stats.example.org/cloud/2023?id=4" in spellings
    assert "https://stats.example.org/cloud/2023/?id=4" in spellings


def test_the_stored_address_stays_as_given_cleaned() -> None:
    # normalise_url keeps the scheme and www. the editor typed; only the key drops them
    assert normalise_url("http://www.Example.org/a/?fbclid=1#x") == "http://www.example.org/a"


def test_a_bad_address_is_refused_by_its_field() -> None:
    with pytest.raises(ValidationError) as refused:
        source_key("ftp://example.org/a", field="cite_url")
    assert refused.value.field == "cite_url"


# --- the services, on a real database ------------------------------------------------


def _count(session: orm.Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Source))


SPELLINGS = [
    "http://stats.example.org/cloud/2023",
    "http://www.stats.example.org/cloud/2023/",
    "https://stats.example.org/cloud/2023/?utm_source=newsletter&fbclid=abc",
    "https://WWW.stats.example.org/cloud/2023#table",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_recording_another_spelling_is_refused_naming_the_source(
    session: orm.Session, spelling: str
) -> None:
    known = make_source(session, url=RECORDED, title="Cloud 2023")
    with pytest.raises(Conflict) as refused:
        sourcing.create_source(session, SourceInput(url=spelling, title="Again"), actor=None)
    assert f"source {known.id}" in refused.value.message and refused.value.field == "url"
    assert _count(session) == 1


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_get_or_create_and_resolve_find_the_recorded_source(
    session: orm.Session, spelling: str
) -> None:
    known = make_source(session, url=RECORDED, title="Cloud 2023")
    found = sourcing.get_or_create_source(
        session, SourceInput(url=spelling, title="Another title"), actor=None
    )
    assert found is known and found.url == RECORDED and found.title == "Cloud 2023"
    assert sourcing.resolve_source(session, spelling) is known
    assert _count(session) == 1


def test_an_address_recorded_in_http_is_found_by_its_https_form(session: orm.Session) -> None:
    known = make_source(session, url="http://www.old-site.example.org/page/")
    assert known.url == "http://www.old-site.example.org/page"
    assert sourcing.find_source(session, "https://old-site.example.org/page") is known


def test_a_source_may_change_its_own_spelling_but_not_take_anothers(
    session: orm.Session,
) -> None:
    first = make_source(session, url=RECORDED)
    second = make_source(session, url="https://stats.example.org/cloud/2022")
    session.commit()
    sourcing.update_source(
        session,
        first,
        SourceInput(url="http://www.stats.example.org/cloud/2023", title="T"),
        actor=None,
    )
    assert first.url == "http://www.stats.example.org/cloud/2023"
    with pytest.raises(Conflict):
        sourcing.update_source(
            session,
            second,
            SourceInput(url="https://stats.example.org/cloud/2023/", title="T"),
            actor=None,
        )


def test_of_two_spellings_recorded_before_the_rule_the_one_given_wins(
    session: orm.Session,
) -> None:
    # a desk may hold both forms from before; the lookup is stable: as given, else oldest
    older = Source(url="https://legacy.example.org/a", title="Older")
    newer = Source(url="http://legacy.example.org/a", title="Newer")
    session.add_all([older, newer])
    session.flush()
    assert sourcing.find_source(session, "http://legacy.example.org/a") is newer
    assert sourcing.find_source(session, "https://legacy.example.org/a/") is older
    assert sourcing.find_source(session, "https://www.legacy.example.org/a") is older
