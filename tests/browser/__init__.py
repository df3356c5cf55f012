"""Browser tests (Playwright + system Chromium). A package, so its conftest.py does not take
the module name `conftest` from tests/conftest.py, whose helpers other tests import."""
