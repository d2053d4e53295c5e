"""PostgreSQL: `unaccent`, the `vietnamese_unaccent` configuration, tsvector columns and GIN.
SQLite: an FTS5 table over the folded terms, kept in step by triggers. Each runs only on its
own database and is reversible."""

from django.db import migrations

from search.db import (
    POSTGRES_BACKWARD,
    POSTGRES_FORWARD,
    SQLITE_BACKWARD,
    SQLITE_FORWARD,
    VendorSQL,
)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
        VendorSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
