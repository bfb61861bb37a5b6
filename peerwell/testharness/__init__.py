"""Test-only app, installed by `peerwell.test_settings` and never by the real settings.

Its `flush` command replaces Django's for the test runner (see commands/flush.py)."""
