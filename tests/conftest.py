import pytest

# Shared fixtures: moto S3 server.
pytest_plugins = ["tests.s3"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its files to its own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture(autouse=True)
def _restore_migrated_rows(django_db_serialized_rollback):
    """Transactional tests (live server, real workers) flush the database when they end; with a
    serialized rollback the rows migrations made (root page, home page, site, collections,
    content types) come back for the next test, and no test depends on the order they run in."""
