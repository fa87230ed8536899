"""Claimdesk's domain: the tables, the rules, and the services that change them.

Plain SQLAlchemy 2.x; nothing here imports Flask, WTForms or webapp.

    tables/    one declarative class per table (or close family), and the enums
    services/  what changes the desk: check the rules, write, audit; never commit
    read/      what the pages, the API and the CLI read, by subject
    text/      anchoring quotes, laying out bodies, addresses and accepted input
    reports/   the fact-check report and one module per format

Every table class and enum is importable from here: `from models import Claim, Role`.
"""

# One list of names, kept in tables/__init__.py.
from .tables import *  # noqa: F403
from .tables import __all__ as __all__
