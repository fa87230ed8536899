"""Reports: what leaves the desk (JSON now; more formats plug in beside it)."""
