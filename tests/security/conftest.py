import pytest


@pytest.fixture
def two_factor_on(settings):
    """The 2FA gate as in production (the fast test settings turn it off for other apps)."""
    settings.COUNCIL_STAFF_TWO_FACTOR = True
    return settings


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
