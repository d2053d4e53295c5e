"""Intake from the document management system: file checks, OCR, signatures, fixity."""
