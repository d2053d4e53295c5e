"""Tasks used only by the worker tests: slow enough to be killed mid-run, idempotent."""

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_marker(path: str, seconds: float) -> str:
    marker = Path(path)
    with marker.open("a") as handle:
        handle.write("start\n")
    time.sleep(seconds)
    with marker.open("a") as handle:
        handle.write("done\n")
    return "ok"
