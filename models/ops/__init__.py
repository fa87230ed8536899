"""Keeping and moving a desk: backups, restores and copies between databases.

Plain SQLAlchemy and the standard library (sqlite3's online backup API); the `claimdesk
backup`, `restore` and `copy-db` commands in webapp/ only parse options and print.
"""
