"""The community people pages' rows for the sweeps (see __init__.py)."""

PUBLIC_KWARGS = {}
READS = set()
