"""The speakers pages: list with verdict records, detail, add and edit."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from models import Speaker
from models.errors import DomainError
from models.permissions import Action
from models.read.people import (
    BY_NAME,
    NEWEST_CLAIMS,
    speaker_claims,
    speaker_page,
    speaker_records,
)
from models.services.speakers import create_speaker, split_aliases, update_speaker
from models.tables.speaker import alias_key

from ..db import get_session
from ..errors import form_error
from ..lookup import get_or_404
from ..paging import page_cursors, pager_links
from ..security import actor, requires
from ..versions import refuse_edit
from .forms import SpeakerEditForm, SpeakerForm

bp = Blueprint("speakers", __name__, url_prefix="/speakers")

PER_PAGE = 50


@bp.get("/")
def index() -> str:
    """List the speakers by name, a page at a time, with their claim counts and verdicts."""
    after, before = page_cursors(BY_NAME)
    page = speaker_page(get_session(), after=after, before=before, limit=PER_PAGE)
    return render_template("speakers/index.html", speakers=page.items, links=pager_links(page))


@bp.get("/new")
@requires(Action.EDIT_SPEAKER)
def new() -> str:
    """Show the form for adding a speaker."""
    return render_template("speakers/form.html", form=SpeakerForm(), speaker=None)


@bp.post("/new")
@requires(Action.EDIT_SPEAKER)
def create() -> ResponseReturnValue:
    """Add the speaker, or show the form again with what is wrong."""
    session = get_session()
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            speaker = create_speaker(
                session,
                form.name.data or "",
                actor=actor(),
                description=form.description.data,
                same_as=form.same_as.data,
                aliases=split_aliases(form.aliases.data),
            )
        except DomainError as exc:
            status = form_error(form, exc, "name")
            return render_template("speakers/form.html", form=form, speaker=None), status
        session.commit()
        flash(f"Speaker {speaker.name} added.", "success")
        return redirect(url_for("speakers.detail", speaker_id=speaker.id))
    return render_template("speakers/form.html", form=form, speaker=None), 422


@bp.get("/<int:speaker_id>")
def detail(speaker_id: int) -> str:
    """Show the speaker, their aliases and record, and their claims a page at a time."""
    session = get_session()
    speaker = get_or_404(Speaker, speaker_id, "speaker")
    after, before = page_cursors(NEWEST_CLAIMS)
    claims = speaker_claims(session, speaker.id, after=after, before=before, limit=PER_PAGE)
    return render_template(
        "speakers/detail.html",
        speaker=speaker,
        record=speaker_records(session, [speaker])[0],
        claims=claims.items,
        links=pager_links(claims),
        aliases=_other_names(speaker),
    )


def _other_names(speaker: Speaker) -> list[str]:
    """Return the speaker's aliases apart from the name itself."""
    return [a.alias for a in speaker.aliases if a.alias_key != alias_key(speaker.name)]


@bp.get("/<int:speaker_id>/edit")
@requires(Action.EDIT_SPEAKER)
def edit(speaker_id: int) -> str:
    """Show the form for the speaker's details."""
    speaker = get_or_404(Speaker, speaker_id, "speaker")
    form = SpeakerEditForm(obj=speaker)
    form.aliases.data = ", ".join(_other_names(speaker))
    return render_template("speakers/form.html", form=form, speaker=speaker)


@bp.post("/<int:speaker_id>/edit")
@requires(Action.EDIT_SPEAKER)
def update(speaker_id: int) -> ResponseReturnValue:
    """Save the speaker's details, or show the form again with what is wrong."""
    session = get_session()
    speaker = get_or_404(Speaker, speaker_id, "speaker")
    form = SpeakerEditForm()
    if form.validate_on_submit():
        try:
            update_speaker(
                session,
                speaker,
                actor=actor(),
                name=form.name.data or "",
                description=form.description.data,
                same_as=form.same_as.data,
                aliases=split_aliases(form.aliases.data),
                expected_version=form.version.data,
            )
        except DomainError as exc:
            status, meanwhile = refuse_edit(form, speaker, exc, "name")
            return render_template(
                "speakers/form.html", form=form, speaker=speaker, meanwhile=meanwhile
            ), status
        session.commit()
        flash(f"Speaker {speaker.name} saved.", "success")
        return redirect(url_for("speakers.detail", speaker_id=speaker.id))
    return render_template("speakers/form.html", form=form, speaker=speaker), 422
