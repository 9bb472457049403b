"""Checks on a built site: internal-only text that must not be published."""
