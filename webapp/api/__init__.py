"""The JSON API under /api/v1: token-authenticated, the same services as the desk.

Importing the route modules attaches their views to the one blueprint, `bp`.
"""

from . import imports, inbox, openapi, read, revisions, write
from .core import bp

__all__ = ["bp", "imports", "inbox", "openapi", "read", "revisions", "write"]
