import pytest


@pytest.fixture
def two_factor_on(settings):
    """The 2FA gate as in production (the fast test settings turn it off for other apps)."""
    settings.COUNCIL_STAFF_TWO_FACTOR = True
    return settings


def pytest_terminal_summary(terminalreporter):
    """Print how many cases the permission matrix and the leak crawler checked."""
    totals: dict[str, list[int]] = {}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name in ("matrix_cases", "crawl_pages"):
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
