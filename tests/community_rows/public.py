"""The community public pages' rows for the sweeps (see __init__.py)."""

PUBLIC_KWARGS = {}
READS = set()
