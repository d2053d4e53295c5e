import pytest


@pytest.fixture
def demo(db):
    """The delegates demo step on top of the core step (accounts, settings)."""
    from core import demo as core_demo
    from delegates import demo as delegates_demo

    ctx = core_demo.DemoContext(write=lambda *a: None)
    core_demo.load(ctx)
    delegates_demo.load(ctx)
    return ctx
