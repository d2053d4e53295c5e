"""Test settings for a real worker process: media shared with the test through the environment."""

import os

from config.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["COUNCIL_TEST_MEDIA"]
