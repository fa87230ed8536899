"""The users pages (admins only): list, add, edit, and reset a member's password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from models import Role, User
from models.errors import DomainError
from models.permissions import Action
from models.read.people import count_assigned, list_members
from models.services import accounts

from ..db import get_session
from ..errors import form_error
from ..lookup import get_or_404
from ..security import actor, can, requires
from ..versions import refuse_edit
from .forms import EditUserForm, NewUserForm, ResetPasswordForm

bp = Blueprint("users", __name__, url_prefix="/users")


def _edit_page(
    user: User,
    form: EditUserForm | None = None,
    password_form: ResetPasswordForm | None = None,
    meanwhile: list[tuple[str, str]] | None = None,
) -> str:
    if form is None:
        form = EditUserForm(obj=user)
    return render_template(
        "users/edit.html",
        user=user,
        form=form,
        password_form=password_form or ResetPasswordForm(),
        assigned=count_assigned(get_session(), user),
        meanwhile=meanwhile,
    )


@bp.get("/")
@requires(Action.MANAGE_USERS)
def index() -> ResponseReturnValue:
    """List the desk's members with their role and the claims assigned to them."""
    return render_template("users/index.html", members=list_members(get_session()))


@bp.get("/new")
@requires(Action.MANAGE_USERS)
def new() -> ResponseReturnValue:
    """Show the form to add a member."""
    return render_template("users/new.html", form=NewUserForm())


@bp.post("/new")
@requires(Action.MANAGE_USERS)
def new_submit() -> ResponseReturnValue:
    """Add a member, or show the form again with what is wrong."""
    session = get_session()
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                session,
                form.username.data or "",
                form.role.data or Role.REVIEWER.value,
                form.password.data or "",
                display_name=form.display_name.data,
                actor=actor(),
                must_change_password=True,  # the admin knows it; the member replaces it
            )
        except DomainError as exc:
            status = form_error(form, exc, "username")
            return render_template("users/new.html", form=form), status
        session.commit()
        flash(
            f"{user.display_name} ({user.username}) can now log in as {user.role.value}.", "success"
        )
        return redirect(url_for("users.index"))
    return render_template("users/new.html", form=form), 422


@bp.get("/<int:user_id>")
@requires(Action.MANAGE_USERS)
def edit(user_id: int) -> ResponseReturnValue:
    """Show a member's details with the forms to change them and reset the password."""
    return _edit_page(get_or_404(User, user_id, "user"))


@bp.post("/<int:user_id>")
@requires(Action.MANAGE_USERS)
def edit_submit(user_id: int) -> ResponseReturnValue:
    """Change a member's name, role or active flag (never the desk's last admin)."""
    session = get_session()
    user = get_or_404(User, user_id, "user")
    form = EditUserForm()
    if form.validate_on_submit():
        try:
            accounts.update_user(
                session,
                user,
                actor=actor(),
                role=accounts.parse_role(form.role.data or ""),
                active=form.active.data,
                display_name=form.display_name.data,
                expected_version=form.version.data,
            )
        except DomainError as exc:
            status, meanwhile = refuse_edit(form, user, exc, "display_name")
            return _edit_page(user, form, meanwhile=meanwhile), status
        session.commit()
        flash(f"Saved {user.display_name} ({user.username}).", "success")
        # An admin who has just given up the admin role may no longer see the users pages.
        return redirect(
            url_for("users.index") if can(Action.MANAGE_USERS) else url_for("desk.dashboard")
        )
    return _edit_page(user, form), 422


@bp.post("/<int:user_id>/password")
@requires(Action.MANAGE_USERS)
def password_submit(user_id: int) -> ResponseReturnValue:
    """Give a member a new password chosen by the admin."""
    session = get_session()
    user = get_or_404(User, user_id, "user")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(session, user, form.password.data or "", actor=actor())
        except DomainError as exc:
            status = form_error(form, exc, "password")
            return _edit_page(user, password_form=form), status
        session.commit()
        flash(
            f"New password set for {user.display_name}; tell them through a safe channel.",
            "success",
        )
        return redirect(url_for("users.edit", user_id=user.id))
    return _edit_page(user, password_form=form), 422
