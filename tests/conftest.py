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
