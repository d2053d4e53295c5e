import pytest


@pytest.fixture
def two_factor_on(settings):
    """The 2FA gate as in production (the fast test settings turn it off for other apps)."""
    settings.COUNCIL_STAFF_TWO_FACTOR = True
    return settings
