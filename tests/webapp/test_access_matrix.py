"""Who may open which page: every GET route of the app × every role, plus the POST forms
of the sources and users pages and the claim page's source link.

The routes are read from the app's url_map, so a route added later is covered without
editing this file, as long as its URL arguments can be filled from the seed. When one
cannot (a new kind of id, a string argument), the catalogue test fails and says what to
add to FILL_INT / FILL_STR below.

What a logged-in member should get comes from models/permissions.py: the action a view
declares with @requires(Action.X) (or Action.VIEW for a plain desk page) and the role
REQUIRED_ROLE gives that action.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlalchemy import orm
from werkzeug.routing import IntegerConverter

from models import Claim, ClaimSource, ClaimStatus, Comment, Role, Source, Speaker, User
from models.db import make_engine, make_session_factory, sqlite_url
from models.permissions import REQUIRED_ROLE, Action
from models.services.seeding import default_seed_files, load_seed

from ..factories import make_user
from .conftest import csrf_token

ROLES = ["anonymous", "reviewer", "editor", "admin"]

# Endpoints an anonymous visitor may open (everything else redirects to the login page).
PUBLIC = {"auth.login", "static"}
# Blueprints with their own authentication (API tokens), tested by their own suites.
OWN_AUTH_BLUEPRINTS = {"api"}

# What a permitted GET answers when it is not 200: the login page sends a logged-in
# member on to the desk; "next claim" sends them to a claim; placing a claim that is not
# lost (the seed's are all in their text) sends them to the claim.
OK_STATUS: dict[str, set[int]] = {
    "auth.login": {302},
    "claims.next_claim": {302},
    "revisions.place_form": {302},
}

# Endpoints whose action is stated here independently of the code, so that forgetting
# @requires on them fails this test instead of quietly opening the page.
EXPECTED_ACTION: dict[str, Action] = {
    "desk.dashboard": Action.VIEW,
    "auth.account": Action.VIEW,
    "sources.index": Action.VIEW,
    "sources.detail": Action.VIEW,
    "sources.new": Action.EDIT_SOURCE,
    "sources.edit": Action.EDIT_SOURCE,
    "users.index": Action.MANAGE_USERS,
    "users.new": Action.MANAGE_USERS,
    "users.edit": Action.MANAGE_USERS,
    "articles.index": Action.VIEW,
    "claims.index": Action.VIEW,
    "speakers.index": Action.VIEW,
    "withdrawals.index": Action.WITHDRAW,
    "withdrawals.withdraw_claim": Action.WITHDRAW,
    "withdrawals.withdraw_article": Action.WITHDRAW,
    "withdrawals.withdraw_source": Action.WITHDRAW,
    "revisions.replace_form": Action.EDIT_ARTICLE,
    "revisions.index": Action.VIEW,
    "revisions.show": Action.VIEW,
    "revisions.place_form": Action.EDIT_CLAIM,
}


@dataclass
class Seeded:
    """Ids of seeded records that URL arguments are filled with (all consistent)."""

    claim: Claim
    link: ClaimSource
    members: SimpleNamespace
    session: orm.Session
    target_hash: str  # the password hash of the member the users forms change


def _first(session: orm.Session, model) -> int:
    record_id = session.scalar(sa.select(model.id).order_by(model.id).limit(1))
    assert record_id is not None, f"the seed has no {model.__name__}"
    return record_id


# Integer URL arguments, by name: how to find a seeded record for each. The claim and
# its link are chosen together so that nested URLs (/claims/<c>/sources/<l>) make sense.
FILL_INT: dict[str, Callable[[Seeded], int]] = {
    "claim_id": lambda s: s.claim.id,
    "link_id": lambda s: s.link.id,
    "source_id": lambda s: s.link.source_id,
    "article_id": lambda s: s.claim.article_id,
    "speaker_id": lambda s: s.claim.speaker_id or _first(s.session, Speaker),
    "user_id": lambda s: s.members.reviewer2.id,
    "comment_id": lambda s: _first(s.session, Comment),
    "number": lambda s: 1,  # an article's revision (every article has its first)
}
# Other URL arguments, by (endpoint, argument): values that exist for any seeded desk.
FILL_STR: dict[tuple[str, str], str] = {
    ("static", "filename"): "claimdesk.css",
    ("reports.download", "fmt"): "json",
    ("pickers.lookup", "kind"): "speakers",
}


def _app_rules():
    """Return the app's GET rules, building a throwaway app (no database is touched)."""
    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "matrix"})
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.endpoint.split(".")[0] not in OWN_AUTH_BLUEPRINTS
    ]
    return app, sorted(rules, key=lambda rule: rule.rule)


_APP, GET_RULES = _app_rules()


def _unfillable(rule) -> list[str]:
    """Return the arguments of `rule` this test does not know how to fill."""
    missing = []
    for arg in sorted(rule.arguments):
        if isinstance(rule._converters.get(arg), IntegerConverter):
            if arg not in FILL_INT:
                missing.append(f"<int:{arg}> (add it to FILL_INT)")
        elif (rule.endpoint, arg) not in FILL_STR:
            missing.append(f"<{arg}> (add ({rule.endpoint!r}, {arg!r}) to FILL_STR)")
    return missing


def _declared_action(endpoint: str) -> Action:
    view = _APP.view_functions[endpoint]
    return getattr(view, "required_action", Action.VIEW)


def test_every_get_route_can_be_filled_and_has_a_known_permission() -> None:
    problems = []
    for rule in GET_RULES:
        missing = _unfillable(rule)
        if missing:
            problems.append(f"{rule.rule} ({rule.endpoint}): cannot fill {', '.join(missing)}")
        declared = _declared_action(rule.endpoint)
        expected = EXPECTED_ACTION.get(rule.endpoint)
        if expected is not None and declared is not expected:
            problems.append(
                f"{rule.endpoint} declares {declared.name}, this test expects {expected.name}"
            )
        # A page whose purpose is a form to create or change something must say who may.
        last = rule.endpoint.rsplit(".", 1)[-1]
        if last.startswith(("new", "edit", "create")) and declared is Action.VIEW:
            problems.append(f"{rule.endpoint} is a form page without @requires(Action.X)")
    assert not problems, "Routes the access matrix cannot cover:\n" + "\n".join(problems)
    # The endpoints listed here by name must still exist (else the table has gone stale).
    endpoints = {rule.endpoint for rule in GET_RULES}
    assert set(EXPECTED_ACTION) <= endpoints, set(EXPECTED_ACTION) - endpoints


# POST endpoints whose action is stated here independently of the code: linking evidence
# is a reviewer's work, the source library an editor's.
EXPECTED_POST_ACTION: dict[str, Action] = {
    "claims.propose_verdict": Action.PROPOSE_VERDICT,
    "claims.link_source": Action.LINK_SOURCE,
    "claims.unlink_source": Action.LINK_SOURCE,
    "sources.new_submit": Action.EDIT_SOURCE,
    "sources.edit_submit": Action.EDIT_SOURCE,
    "withdrawals.restore_claim": Action.WITHDRAW,
    "withdrawals.restore_article": Action.WITHDRAW,
    "withdrawals.restore_source": Action.WITHDRAW,
    "revisions.replace_submit": Action.EDIT_ARTICLE,
    "revisions.verdict_stands": Action.REOPEN_APPROVED,  # as reopening it would
    "bulk.submit": Action.VIEW,  # then each bulk action asks for its own (assign, ...)
}


def test_post_routes_declare_the_expected_action() -> None:
    assert REQUIRED_ROLE[Action.LINK_SOURCE] is Role.REVIEWER
    assert REQUIRED_ROLE[Action.EDIT_SOURCE] is Role.EDITOR
    declared = {endpoint: _declared_action(endpoint) for endpoint in EXPECTED_POST_ACTION}
    assert declared == EXPECTED_POST_ACTION


# --- fixtures: the seeded desk is built once and copied per test (a matrix is large) ---

MEMBERS = {
    "admin": (Role.ADMIN, "ada", "Ada Admin"),
    "editor": (Role.EDITOR, "eddie", "Eddie Editor"),
    "reviewer": (Role.REVIEWER, "rita", "Rita Reviewer"),
    "reviewer2": (Role.REVIEWER, "rory", "Rory Reviewer"),
}


@pytest.fixture(scope="module")
def seeded_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the seed fact-check and the members, as in conftest."""
    path = tmp_path_factory.mktemp("matrix") / "seeded.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    with make_session_factory(engine)() as session:
        for role, username, display_name in MEMBERS.values():
            make_user(session, role, username=username, display_name=display_name)
        for seed in default_seed_files():
            load_seed(session, seed)
        session.commit()
    with engine.connect() as connection:  # fold the WAL back so a file copy is complete
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def db_url(tmp_path: Path, seeded_template: Path) -> str:
    """This module's tests start from a copy of the seeded desk."""
    path = tmp_path / "claimdesk.sqlite3"
    shutil.copyfile(seeded_template, path)
    return sqlite_url(path)


@pytest.fixture
def members(session: orm.Session) -> SimpleNamespace:
    """The members already in the copied database (same names as conftest's)."""
    by_name = {user.username: user for user in session.scalars(sa.select(User).order_by(User.id))}
    return SimpleNamespace(**{key: by_name[username] for key, (_, username, _) in MEMBERS.items()})


@pytest.fixture
def seeded(session: orm.Session) -> orm.Session:
    """The seed is already in the copied database."""
    return session


@pytest.fixture
def ids(seeded: orm.Session, members: SimpleNamespace) -> Seeded:
    """Seeded records to fill URL arguments: a claim that has a linked source."""
    link = seeded.scalar(sa.select(ClaimSource).order_by(ClaimSource.id).limit(1))
    assert link is not None, "the seed links no source to any claim"
    return Seeded(
        claim=link.claim,
        link=link,
        members=members,
        session=seeded,
        target_hash=members.reviewer2.password_hash,
    )


def _url(rule, ids: Seeded) -> str:
    missing = _unfillable(rule)
    if missing:
        pytest.fail(f"cannot fill {rule.rule}: {', '.join(missing)}")
    values: dict[str, object] = {}
    for arg in rule.arguments:
        if (rule.endpoint, arg) in FILL_STR:
            values[arg] = FILL_STR[(rule.endpoint, arg)]
        else:
            values[arg] = FILL_INT[arg](ids)
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def _log_in(as_role, role: str) -> User | None:
    return None if role == "anonymous" else as_role(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", GET_RULES, ids=[rule.endpoint for rule in GET_RULES])
def test_get_route_answers_by_role(client, ids, as_role, rule, role) -> None:
    url = _url(rule, ids)
    user = _log_in(as_role, role)
    with client.get(url) as response:  # closed, since static files are streamed
        body = response.get_data(as_text=True)

    if user is None:
        if rule.endpoint in PUBLIC:
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert response.location.startswith("/login"), response.location
        return

    needed = REQUIRED_ROLE[_declared_action(rule.endpoint)]
    if user.role.at_least(needed):
        assert response.status_code in OK_STATUS.get(rule.endpoint, {200}), (
            url,
            response.status_code,
            body[:500],
        )
    else:
        assert response.status_code == 403, (url, response.status_code)
        assert f"you need the {needed.value} role" in body


# --- POST forms of the sources and users pages -----------------------------------------


@dataclass
class PostCase:
    """A form submission, its needed role, and how to tell whether it took effect."""

    name: str
    needs: Role
    path: Callable[[Seeded], str]
    data: Callable[[Seeded], dict]
    took_effect: Callable[[Seeded], bool]


def _source(s: Seeded) -> Source:
    s.session.expire_all()
    return s.session.get(Source, s.link.source_id)


def _target(s: Seeded) -> User:
    s.session.expire_all()
    return s.session.get(User, s.members.reviewer2.id)


def _open_claim(s: Seeded) -> Claim:
    """A seeded claim that can still take a verdict (so sources may be linked to it)."""
    claim = s.session.scalar(
        sa.select(Claim).where(Claim.status != ClaimStatus.APPROVED).order_by(Claim.id).limit(1)
    )
    assert claim is not None, "every seeded claim is approved"
    return claim


def _linked(s: Seeded, url: str) -> bool:
    s.session.expire_all()
    stmt = sa.select(ClaimSource.id).join(Source).where(Source.url == url)
    return s.session.scalar(stmt) is not None


def _withdrawn_by_matrix(s: Seeded) -> bool:
    s.session.expire_all()
    stmt = sa.select(Claim.id).where(Claim.withdrawn_reason == "Withdrawn by matrix")
    return s.session.scalar(stmt) is not None


def _exists(s: Seeded, model, **where) -> bool:
    s.session.expire_all()
    stmt = sa.select(model.id).filter_by(**where)
    return s.session.scalar(stmt) is not None


POST_CASES = [
    PostCase(
        "claims.link_source",
        Role.REVIEWER,
        lambda s: f"/claims/{_open_claim(s).id}/sources",
        lambda s: {
            "url": "https://matrix.example.org/linked",
            "title": "Linked by matrix",
            "kind": "news",
            "stance": "context",
            "version": str(_open_claim(s).version),
        },
        lambda s: _linked(s, "https://matrix.example.org/linked"),
    ),
    PostCase(
        "sources.new_submit",
        Role.EDITOR,
        lambda s: "/sources/new",
        lambda s: {
            "url": "https://matrix.example.org/new-source",
            "title": "Matrix source",
            "kind": "news",
        },
        lambda s: _exists(s, Source, url="https://matrix.example.org/new-source"),
    ),
    PostCase(
        "sources.edit_submit",
        Role.EDITOR,
        lambda s: f"/sources/{s.link.source_id}/edit",
        lambda s: {
            "url": _source(s).url,
            "title": "Retitled by matrix",
            "kind": "other",
            "version": str(_source(s).version),
        },
        lambda s: _source(s).title == "Retitled by matrix",
    ),
    PostCase(
        "users.new_submit",
        Role.ADMIN,
        lambda s: "/users/new",
        lambda s: {
            "username": "matrix",
            "role": "reviewer",
            "password": "lantern mosaic plover",
            "confirm": "lantern mosaic plover",
        },
        lambda s: _exists(s, User, username="matrix"),
    ),
    PostCase(
        "users.edit_submit",
        Role.ADMIN,
        lambda s: f"/users/{s.members.reviewer2.id}",
        lambda s: {
            "display_name": "Renamed by matrix",
            "role": "reviewer",
            "active": "y",
            "version": str(_target(s).version),
        },
        lambda s: _target(s).display_name == "Renamed by matrix",
    ),
    PostCase(
        "users.password_submit",
        Role.ADMIN,
        lambda s: f"/users/{s.members.reviewer2.id}/password",
        lambda s: {"password": "lantern mosaic plover", "confirm": "lantern mosaic plover"},
        lambda s: _target(s).password_hash != s.target_hash,
    ),
    PostCase(
        "withdrawals.withdraw_claim",
        Role.EDITOR,
        lambda s: f"/withdrawn/claims/{_open_claim(s).id}",
        lambda s: {"reason": "Withdrawn by matrix", "version": str(_open_claim(s).version)},
        lambda s: _withdrawn_by_matrix(s),
    ),
]


def test_the_post_cases_match_the_routes() -> None:
    """Every POST route of the sources and users pages is in the matrix, and no more."""
    blueprints = {"sources", "users"}
    owned = {
        rule.endpoint
        for rule in _APP.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and rule.endpoint.split(".")[0] in blueprints
    }
    assert owned == {case.name for case in POST_CASES if case.name.split(".")[0] in blueprints}
    for case in POST_CASES:
        assert REQUIRED_ROLE[_declared_action(case.name)] is case.needs, case.name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", POST_CASES, ids=[case.name for case in POST_CASES])
def test_post_form_answers_by_role(client, ids, as_role, case, role) -> None:
    user = _log_in(as_role, role)
    data = case.data(ids)
    path = case.path(ids)
    # Anonymous visitors have a session (and a CSRF token) from the login page.
    data["csrf_token"] = csrf_token(client, "/login" if user is None else "/account")
    response = client.post(path, data=data)

    if user is None:
        assert response.status_code == 302 and response.location.startswith("/login")
        assert not case.took_effect(ids)
    elif user.role.at_least(case.needs):
        assert response.status_code == 302, response.get_data(as_text=True)[:800]
        assert case.took_effect(ids)
    else:
        assert response.status_code == 403
        assert f"you need the {case.needs.value} role" in response.get_data(as_text=True)
        assert not case.took_effect(ids)


@pytest.mark.parametrize("case", POST_CASES, ids=[case.name for case in POST_CASES])
def test_post_form_without_csrf_token_is_refused(client, ids, as_role, case) -> None:
    as_role("admin")
    response = client.post(case.path(ids), data=case.data(ids))
    assert response.status_code == 400
    assert not case.took_effect(ids)
