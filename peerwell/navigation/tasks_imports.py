"""The worker's part of a web import. Safe to repeat: an import is claimed once."""

from django_tasks import task

from .imports import run_import


@task()
def run_directory_import(import_id: int) -> str:
    return run_import(import_id)
