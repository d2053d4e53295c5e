"""Database objects Django's models cannot describe: PostgreSQL's `unaccent` text search
configuration and tsvector columns with their GIN index, SQLite's FTS5 table and triggers.

Both are created by migration 0002; `ensure_sqlite_fts` runs again after every migrate
because SQLite's schema editor rebuilds a table (dropping its triggers) on some changes.
"""

from __future__ import annotations

from django.db import migrations

SEARCH_CONFIG = "vietnamese_unaccent"
ENTRY = "search_searchentry"
PAGE = "search_pagetext"
FTS = "search_entry_fts"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{SEARCH_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$""",
    # Match on everything (GIN); rank on the small title vector; exact_vector keeps accents.
    f"""ALTER TABLE {ENTRY} ADD COLUMN match_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('{SEARCH_CONFIG}'::regconfig, title_terms || ' ' || body_terms)) STORED""",
    f"""ALTER TABLE {ENTRY} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('{SEARCH_CONFIG}'::regconfig, title_terms)) STORED""",
    f"""ALTER TABLE {ENTRY} ADD COLUMN exact_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('simple'::regconfig, title_exact)) STORED""",
    f"CREATE INDEX search_entry_match_gin ON {ENTRY} USING gin (match_vector)",
    f"""ALTER TABLE {PAGE} ADD COLUMN vector tsvector GENERATED ALWAYS AS
        (to_tsvector('{SEARCH_CONFIG}'::regconfig, folded_text)) STORED""",
]
POSTGRES_BACKWARD = [
    f"ALTER TABLE {PAGE} DROP COLUMN IF EXISTS vector",
    "DROP INDEX IF EXISTS search_entry_match_gin",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS exact_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS title_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS match_vector",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
    # Left in place when something else (another app, Wagtail's backend) uses it.
    """DO $$ BEGIN DROP EXTENSION IF EXISTS unaccent;
       EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END $$""",
]

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title_terms, body_terms, content='{ENTRY}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_fts_ai AFTER INSERT ON {ENTRY} BEGIN
        INSERT INTO {FTS}(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_fts_ad AFTER DELETE ON {ENTRY} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_fts_au
        AFTER UPDATE OF title_terms, body_terms ON {ENTRY} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO {FTS}(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms); END""",
]
TITLE_FTS = "search_title_fts"
# A small title-only FTS table for ranking: a column filter on the big table would read the
# body's position lists again.
SQLITE_TITLE_FORWARD = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_FTS} USING fts5(
        title_terms, content='{ENTRY}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_title_fts_ai AFTER INSERT ON {ENTRY} BEGIN
        INSERT INTO {TITLE_FTS}(rowid, title_terms) VALUES (new.id, new.title_terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_title_fts_ad AFTER DELETE ON {ENTRY} BEGIN
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, title_terms)
        VALUES ('delete', old.id, old.title_terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_title_fts_au AFTER UPDATE OF title_terms ON {ENTRY}
        BEGIN
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, title_terms)
        VALUES ('delete', old.id, old.title_terms);
        INSERT INTO {TITLE_FTS}(rowid, title_terms) VALUES (new.id, new.title_terms); END""",
    f"INSERT INTO {TITLE_FTS}({TITLE_FTS}) VALUES ('rebuild')",
]
SQLITE_TITLE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_title_fts_au",
    "DROP TRIGGER IF EXISTS search_title_fts_ad",
    "DROP TRIGGER IF EXISTS search_title_fts_ai",
    f"DROP TABLE IF EXISTS {TITLE_FTS}",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fts_au",
    "DROP TRIGGER IF EXISTS search_entry_fts_ad",
    "DROP TRIGGER IF EXISTS search_entry_fts_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


class VendorSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor (reversible)."""

    def __init__(self, vendor: str, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}


def ensure_sqlite_fts(connection) -> None:
    """Recreate the FTS table and triggers if a table rebuild dropped them, and refill it."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table','trigger') AND name LIKE %s",
            ["search_entry_fts%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table','trigger') AND name LIKE %s",
            ["search_title_fts%"],
        )
        present |= {row[0] for row in cursor.fetchall()}
        tables = connection.introspection.table_names(cursor)
        if ENTRY not in tables:
            return
        if (
            not {FTS, "search_entry_fts_ai", "search_entry_fts_ad", "search_entry_fts_au"}
            <= present
        ):
            for statement in SQLITE_FORWARD:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        title_objects = {TITLE_FTS, "search_title_fts_ai", "search_title_fts_ad",
                         "search_title_fts_au"}  # fmt: skip
        if "django_migrations" in tables and not title_objects <= present:
            cursor.execute(
                "SELECT 1 FROM django_migrations WHERE app = 'search' AND name = %s",
                ["0004_sqlite_title_index"],
            )
            if cursor.fetchone():
                for statement in SQLITE_TITLE_FORWARD:
                    cursor.execute(statement)
