"""Project-wide pytest fixtures. App-specific factories live in each app's tests/factories.py."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
