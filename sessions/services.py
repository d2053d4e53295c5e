"""Actions and read models of the proceedings: what a user sees of a session."""
