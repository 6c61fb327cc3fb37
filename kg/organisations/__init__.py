"""Organisations across a project's plans: which organisations its files describe, by name."""
