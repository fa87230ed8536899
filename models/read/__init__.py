"""The read side, by what it reads: claims, articles, sources, people, progress, activity,
the work queue and the verdict scale. Each query is written once, here, and serves the
pages, the API and the CLI alike; nothing here changes the desk.
"""
