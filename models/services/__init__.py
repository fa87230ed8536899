"""The services: each checks permissions and rules, changes the desk, records the audit
trail where a claim changes, and raises a domain error when it must refuse. None commits:
the view, API call or CLI command that called it owns the transaction.
"""
