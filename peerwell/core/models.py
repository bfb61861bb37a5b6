"""core defines no tables of its own (its abstract models live in tenancy, appendonly
and versions). This module makes it a models app, because `migrate` sends post_migrate
only to those: core's handlers (apps.py) need it."""
