"""Builders of the office's publications from plain inputs: PDF packets, stamps, e-books."""
