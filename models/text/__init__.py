"""Text rules with no table of their own: anchoring quotes in a body, laying a body out
with highlights, checking web addresses, and the plain text and numbers the desk accepts.
"""
