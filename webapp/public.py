"""The bare read-only page: every article and its claims."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy import orm

from models import Article, Claim

from .db import get_session

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> str:
    """List the articles and their claims."""
    articles = (
        get_session()
        .scalars(
            sa.select(Article)
            .order_by(Article.id)
            .options(
                orm.selectinload(Article.claims).joinedload(Claim.speaker),
                orm.selectinload(Article.claims).joinedload(Claim.rating),
            )
        )
        .all()
    )
    return render_template("public/index.html", articles=articles)
