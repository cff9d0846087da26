"""Helpers for the hostile-input tests (tests/test_hostile_*.py): strategies that build schemas out of
hostile text and names, and batch checkers that compile, type-check, import and run what they generate."""
