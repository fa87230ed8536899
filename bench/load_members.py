"""The members bench/load.py sends at a server: each a logged-in browser without a browser.

A member keeps one keep-alive connection and its cookies, and does what a desk member
does: mostly reading (dashboard, claim lists with filters, search, claim and article
pages), sometimes writing on a claim page it has read (a comment, a verdict, an
approval, a source link, with the claim version the page showed: stale now and then on
purpose, as when two people work on one claim), and now and then downloading a report.
Nothing here reads the database: members know only what pages told them.
"""

from __future__ import annotations

import http.client
import random
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

PASSWORD = "bench harbour violet quill"
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION_RE = re.compile(r'name="version"[^>]*value="(\d+)"')
REQUEST_TIMEOUT = 60

# What a member does, in shares of 100 (writes are 20%, report downloads 2%).
READS = {"dashboard": 8, "claim list": 20, "search": 8, "claim page": 30, "article page": 12}
WRITES = {"comment": 7, "verdict": 5, "approval": 3, "source link": 5}
REPORTS = {"report": 2}
WRITE_FORMS = {"comment": "comments", "verdict": "verdict", "approval": "approve"}
WRITE_FORMS["source link"] = "sources"
STALE_SHARE = 0.15  # writes sent with an older version than the page showed, on purpose


@dataclass(frozen=True)
class Desk:
    """What the members aim at: ids and words sampled from the desk before the clock."""

    claims: list[int]
    articles: list[int]
    speakers: list[int]
    words: list[str]
    off_scale_rating: str  # a verdict that needs no linked source
    statuses: list[str]


@dataclass(frozen=True)
class Result:
    """One request: its kind, status (0 when none came), seconds, and what went wrong."""

    kind: str
    status: int
    seconds: float
    error: str | None = None
    started: float = 0.0


@dataclass(frozen=True)
class Ack:
    """A write the server acknowledged (302 after the POST): it must be in the database."""

    kind: str
    claim_id: int
    username: str
    marker: str


@dataclass
class Seen:
    """What a claim page showed this member: the version and the forms it offered."""

    version: int
    forms: set[str] = field(default_factory=set)


class Member:
    """One desk member with its own connection, cookies and CSRF token."""

    def __init__(self, host: str, port: int, username: str, run_id: str, seed: int) -> None:
        self.host, self.port, self.username, self.run_id = host, port, username, run_id
        self.random = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.csrf = ""
        self.seen: dict[int, Seen] = {}
        self.results: list[Result] = []
        self.acks: list[Ack] = []
        self.writes = 0

    # -- HTTP -------------------------------------------------------------------------

    def _send(self, method: str, path: str, form: dict[str, str] | None) -> tuple[int, bytes]:
        reused = self.connection is not None
        try:
            return self._send_once(method, path, form)
        except BrokenPipeError:
            # The server had closed this kept-alive connection (its keep-alive timeout ran
            # out while the member paused) before the request could be written: nothing
            # reached the app, so any request is sent again on a new connection. A browser
            # sees the close while idle and never sends on such a connection.
            if not reused:
                raise
            return self._send_once(method, path, form)
        except (http.client.RemoteDisconnected, ConnectionResetError):
            # The server closed a kept-alive connection as this request went out; a browser
            # sends an idempotent request again on a new connection, and so does a member.
            if not reused or method != "GET":
                raise
            return self._send_once(method, path, form)

    def _send_once(self, method: str, path: str, form: dict[str, str] | None) -> tuple[int, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=REQUEST_TIMEOUT
            )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except BaseException:
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=thu, 01 jan 1970" in header.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, data

    def request(
        self, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request, time it and record how it went; return status and body."""
        started = time.perf_counter()
        try:
            status, body = self._send(method, path, form)
        except TimeoutError:
            self._record(kind, 0, started, "timeout")
            return 0, b""
        except (OSError, http.client.HTTPException) as exc:
            self._record(kind, 0, started, f"connection: {type(exc).__name__}")
            return 0, b""
        error = None
        if b"database is locked" in body:
            error = "database is locked"
        elif status >= 500:
            error = f"{status}"
        elif status not in _expected(kind):
            error = f"unexpected {status}"
        self._record(kind, status, started, error)
        return status, body

    def _record(self, kind: str, status: int, started: float, error: str | None) -> None:
        seconds = time.perf_counter() - started
        self.results.append(Result(kind, status, seconds, error, started))

    # -- before the clock ---------------------------------------------------------------

    def log_in(self) -> None:
        """Log in through the form (once, before the clock) and keep a CSRF token."""
        status, page = self._send("GET", "/login", None)
        token = TOKEN_RE.search(page.decode())
        assert status == 200 and token, f"no login form ({status})"
        form = {"username": self.username, "password": PASSWORD, "csrf_token": token.group(1)}
        status, _ = self._send("POST", "/login", form)
        assert status == 302, f"{self.username} could not log in ({status})"
        status, page = self._send("GET", "/account", None)
        token = TOKEN_RE.search(page.decode())
        assert status == 200 and token, f"{self.username}: no CSRF token on /account ({status})"
        self.csrf = token.group(1)
        if self.connection is not None:  # idle until the clock starts: the server may drop it
            self.connection.close()
            self.connection = None

    # -- the work ------------------------------------------------------------------------

    def act(self, desk: Desk, floor: str | None = None) -> None:
        """Do one thing a member does, chosen by the shares above (or ask for `floor` only)."""
        if floor is not None:
            self.request("floor", "GET", floor)
            return
        kinds = {**READS, **WRITES, **REPORTS}
        kind = self.random.choices(list(kinds), weights=list(kinds.values()))[0]
        if kind in WRITES:
            self.write(kind, desk)
        elif kind == "report":
            self.report(desk)
        else:
            self.read(kind, desk)

    def read(self, kind: str, desk: Desk) -> None:
        pick = self.random.choice
        if kind == "dashboard":
            self.request(kind, "GET", "/")
        elif kind == "claim list":
            query = pick(
                [
                    "",
                    f"status={pick(desk.statuses)}",
                    f"article={pick(desk.articles)}",
                    f"speaker={pick(desk.speakers)}",
                    "sort=updated",
                    "assignee=me",
                    "stance=refutes",
                    f"status={pick(desk.statuses)}&sort=created",
                ]
            )
            self.request(kind, "GET", f"/claims/?{query}")
        elif kind == "search":
            word = pick(desk.words)
            path = pick([f"/claims/?q={word}", f"/search/?q={word}"])
            self.request(kind, "GET", path)
        elif kind == "claim page":
            self.claim_page(pick(desk.claims))
        else:
            self.request(kind, "GET", f"/articles/{pick(desk.articles)}")

    def claim_page(self, claim_id: int, kind: str = "claim page") -> Seen | None:
        status, body = self.request(kind, "GET", f"/claims/{claim_id}")
        if status != 200:
            return None
        text = body.decode("utf-8", "replace")
        version = VERSION_RE.search(text)
        forms = set(re.findall(rf'action="/claims/{claim_id}/(\w+)"', text))
        seen = Seen(int(version.group(1)) if version else 0, forms)
        self.seen[claim_id] = seen
        return seen

    def report(self, desk: Desk) -> None:
        fmt = self.random.choice(["csv", "md", "json"])
        # one article's report, or one speaker's: what a desk sends an editor or a partner
        which = self.random.choice(
            [
                f"article={self.random.choice(desk.articles)}",
                f"article={self.random.choice(desk.articles)}",
                f"speaker={self.random.choice(desk.speakers)}",
            ]
        )
        self.request("report", "GET", f"/reports/download/{fmt}?{which}")

    def write(self, kind: str, desk: Desk) -> None:
        """Write on a claim this member has read, with the version its page showed."""
        form_name = WRITE_FORMS[kind]
        candidates = [c for c, seen in self.seen.items() if form_name in seen.forms]
        if not candidates:  # nothing suitable read yet: read one first (a read, counted)
            seen = self.claim_page(self.random.choice(desk.claims))
            candidates = [c for c, s in self.seen.items() if form_name in s.forms]
            if not candidates:
                kind, form_name = "comment", "comments"  # every claim page takes one
                candidates = list(self.seen) or []
                if not candidates or seen is None:
                    return
        claim_id = self.random.choice(candidates)
        seen = self.seen.pop(claim_id)  # after writing, a member reads the page again
        version = seen.version
        if self.random.random() < STALE_SHARE and version > 1:
            version -= 1  # someone saved it since: 409 is the right answer
        self.writes += 1
        marker = f"bench-{self.run_id}-{self.username}-{self.writes}"
        form: dict[str, str] = {"csrf_token": self.csrf}
        if kind == "comment":
            form["comment"] = marker
        else:
            form["version"] = str(version)
        if kind == "verdict":
            form.update(rating=desk.off_scale_rating, explanation=f"{marker}: sources disagree")
        elif kind == "source link":
            form.update(
                url=f"https://bench.example.org/{marker}",
                title=marker,
                kind="other",
                stance="refutes",
                excerpt="figures differ",
            )
        status, _ = self.request(kind, "POST", f"/claims/{claim_id}/{form_name}", form)
        if status == 302:
            self.acks.append(Ack(kind, claim_id, self.username, marker))


def _expected(kind: str) -> set[int]:
    if kind in WRITES:
        return {302, 409}  # saved, or refused: stale version or a step the claim cannot take
    return {200}


@dataclass(frozen=True)
class Plan:
    """How the members act: the mix (or one page only), and how long they pause."""

    floor: str | None = None  # a path: every request asks it, instead of the mix
    think: float = 0.0  # mean seconds between a member's requests (0: never pause)


def run_member(
    member: Member, desk: Desk, deadline: float, budget: int, plan: Plan = Plan()
) -> tuple[list[Result], list[Ack]]:
    """Act until the deadline or the request budget; return what happened."""

    def pause() -> None:  # people read what they asked for: pauses of random length
        length = member.random.expovariate(1 / plan.think)
        time.sleep(max(0.0, min(length, deadline - time.perf_counter())))

    if plan.think > 0:
        pause()  # members who pause are found mid-pause, not all clicking at the same moment
    while time.perf_counter() < deadline and len(member.results) < budget:
        member.act(desk, plan.floor)
        if plan.think > 0:
            pause()
    if member.connection is not None:
        member.connection.close()
    return member.results, member.acks


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
