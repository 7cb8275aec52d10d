"""The session's classifier of the project's rules (tests/project_classifier.py), for these tests."""

from tests.project_classifier import RULES_DIR, default_classifier

__all__ = ["RULES_DIR", "default_classifier"]
