"""Builds of session packets and e-books."""
