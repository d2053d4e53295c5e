"""SQLite: a title-only FTS5 table, so ranking does not re-read the body's position lists."""

from django.db import migrations

from search.db import SQLITE_TITLE_BACKWARD, SQLITE_TITLE_FORWARD, VendorSQL


class Migration(migrations.Migration):
    dependencies = [("search", "0003_drop_access_index")]

    operations = [VendorSQL("sqlite", SQLITE_TITLE_FORWARD, SQLITE_TITLE_BACKWARD)]
