"""`manage.py serve_all`: the web server and the background worker together, for `make run`.

Prints where to go and how to log in; Ctrl-C stops both.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình xử lý nền cùng lúc (Ctrl-C để dừng cả hai)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        base = f"http://{options['host']}:{options['port']}"
        manage = [sys.executable, "manage.py"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        children = [
            subprocess.Popen(
                [*manage, "runserver", "--noreload", f"{options['host']}:{options['port']}"],
                env=env,
                start_new_session=True,
            ),
            subprocess.Popen(
                [*manage, "worker", "--queue-name", "*", "--no-reload", "--interval", "1"],
                env=env,
                start_new_session=True,
            ),
        ]
        self._banner(base)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            self.stderr.write("Một tiến trình đã dừng; đang dừng tiến trình còn lại…")
        except KeyboardInterrupt:
            self.stdout.write("\nĐang dừng máy chủ web và tiến trình nền…")
        finally:
            for child in children:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
        self.stdout.write("Đã dừng.")

    def _banner(self, base: str) -> None:
        lines = [
            "",
            "Cổng thông tin HĐND tỉnh đang chạy:",
            f"  Trang công khai:  {base}/",
            f"  Trang quản trị:   {base}/quan-tri/",
            f"  Đăng nhập:        {base}/dang-nhap/",
            f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):",
            *[f"  {username:<16} {description}" for username, description in demo_logins()],
            "Nhấn Ctrl-C để dừng cả máy chủ web và tiến trình nền.",
            "",
        ]
        self.stdout.write("\n".join(lines))
