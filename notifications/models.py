"""Notices to delegates of new and revised materials, with digests and a delivery log."""
