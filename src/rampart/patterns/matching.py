"""Placeholder until written (issue 8)."""
