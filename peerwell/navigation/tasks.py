"""Background work of the directory. Open periods are kept for the coming two weeks
(opening.py); the worker rolls the window on each night, so "open now" never runs out.
Safe to run twice: a refresh rebuilds the same rows."""

from django_tasks import task

from .opening import refresh_open_periods


@task()
def refresh_directory_hours() -> int:
    """Every service's open periods from today, in the site's time zone."""
    return refresh_open_periods()
