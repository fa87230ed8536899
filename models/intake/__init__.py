"""Bring an article's text in from outside: read a file, fetch an address, into a draft.

Nothing here touches the database or the web layer. `read_document` turns bytes (a
file, an upload, a fetched page) into a `Document` draft; `fetch_document` fetches an
address safely first; `load_document` takes either a path or an address, as the
command line does. The draft goes to models.services.importing.import_article, which
checks it and adds the article.
"""

from __future__ import annotations

from .document import Document, DocumentRefused, Kind
from .fetch import FetchPolicy, FetchRefused, fetch_document
from .load import load_document
from .reader import read_document

__all__ = [
    "Document",
    "DocumentRefused",
    "FetchPolicy",
    "FetchRefused",
    "Kind",
    "fetch_document",
    "load_document",
    "read_document",
]
