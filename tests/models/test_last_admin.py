"""Two admins demoting each other at the same instant still leave the desk an admin.

The last-admin check and the change are one atomic step: on SQLite the writing
transaction holds the write lock from BEGIN; on PostgreSQL the check locks the admin
rows. The second admin's change waits for the first, then sees it, and is refused.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from models import Role, User
from models.db import make_engine, make_session_factory
from models.errors import DomainError, RuleViolation
from models.services import accounts

from ..factories import make_user


def _active_admins(engine: sa.Engine) -> int:
    with make_session_factory(engine)() as session:
        return session.scalar(
            sa.select(sa.func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.active.is_(True))
        )


LAST_ADMIN = "the desk needs at least one active admin"
NOT_ADMIN = "To manage users you need the admin role."
# (whom the first admin changes, whom the second changes, what may refuse the second: once
# demoted the second admin is no admin, unless their role was read before the first commit)
SCENARIOS = {
    "both step down": ("self", "self", {LAST_ADMIN}),
    "each demotes the other": ("other", "other", {LAST_ADMIN, NOT_ADMIN}),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_two_admins_stepping_down_at_once_leave_one(desk_url: str, scenario: str) -> None:
    first_target, second_target, refusals = SCENARIOS[scenario]
    engine = make_engine(desk_url)
    writes = make_session_factory(engine, writes=True)
    try:
        with writes() as session:
            ada = make_user(session, Role.ADMIN, username="ada").id
            bob = make_user(session, Role.ADMIN, username="bob").id
            session.commit()

        outcome: dict[str, object] = {}
        first_has_flushed = threading.Event()

        def second_admin() -> None:
            # Bob's change starts while Ada's is flushed but not committed.
            first_has_flushed.wait()
            try:
                with writes() as session:
                    actor = session.get(User, bob)
                    target = actor if second_target == "self" else session.get(User, ada)
                    accounts.update_user(session, target, actor=actor, role=Role.EDITOR)
                    session.commit()
                outcome["second"] = "saved"
            except DomainError as exc:
                outcome["second"] = exc.message
            except Exception as exc:  # anything else is reported to the test
                outcome["second"] = repr(exc)

        other = threading.Thread(target=second_admin)
        other.start()
        with writes() as session:
            actor = session.get(User, ada)
            target = actor if first_target == "self" else session.get(User, bob)
            accounts.update_user(session, target, actor=actor, role=Role.REVIEWER)
            session.flush()
            first_has_flushed.set()
            other.join(timeout=0.5)  # the second change must wait for this one
            assert other.is_alive(), f"the second change did not wait: {outcome}"
            session.commit()
        other.join(timeout=10)
        assert outcome["second"] in refusals
        assert _active_admins(engine) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("change", [{"role": Role.EDITOR}, {"active": False}])
def test_the_last_admin_cannot_step_down(session, change) -> None:
    ada = make_user(session, Role.ADMIN, username="ada")
    with pytest.raises(RuleViolation, match="at least one active admin"):
        accounts.update_user(session, ada, actor=ada, **change)
