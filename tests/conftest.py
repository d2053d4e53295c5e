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


def pytest_terminal_summary(terminalreporter):
    """Print how many cases the permission matrix and the leak crawler checked."""
    # A report carries the item's properties as they were then; the matrix's tally is recorded
    # when its fixture ends, so the teardown report has it. Keep the last value per test.
    values: dict[tuple[str, str], int] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", None) or []:
                if name in ("matrix_cases", "crawl_pages"):
                    values[(name, report.nodeid)] = value
    totals: dict[str, list[int]] = {}
    for (name, _), value in values.items():
        totals.setdefault(name, []).append(value)
    if "matrix_cases" in totals:
        cases = totals["matrix_cases"]
        terminalreporter.write_line(
            f"permission matrix: {len(cases)} tests, {sum(cases)} cases "
            "(role x object x surface, canaries checked)"
        )
    if "crawl_pages" in totals:
        pages = totals["crawl_pages"]
        terminalreporter.write_line(
            f"leak crawler: {len(pages)} roles, {sum(pages)} pages and files visited"
        )
