"""Synthetic strategies of many organisations, for tests and benchmarks at scale."""
