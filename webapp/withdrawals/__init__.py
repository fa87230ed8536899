"""Withdrawing and restoring articles, claims and sources; the editors' withdrawn view."""
