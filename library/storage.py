"""Private S3 storage for production: nothing in the bucket is reachable without a signature.

The serving view checks access first, then streams the file (or, with
`COUNCIL_S3_REDIRECT = True`, redirects to a presigned URL that expires in
`COUNCIL_S3_URL_SECONDS`).
"""

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3Storage with the settings that keep a bucket private enforced, whatever the env says."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            {
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": getattr(settings, "COUNCIL_S3_URL_SECONDS", 120),
                "file_overwrite": False,
                "custom_domain": None,
            }
        )
        return defaults

    def __init__(self, **settings_overrides):
        settings_overrides.update(
            default_acl=None, querystring_auth=True, file_overwrite=False, custom_domain=None
        )
        super().__init__(**settings_overrides)


def is_remote(storage) -> bool:
    """True when files have no local path (S3): serve by streaming or presigned redirect."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return True
    return False
