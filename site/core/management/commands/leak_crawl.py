"""`manage.py leak_crawl --as ROLE`: crawl the site as one role and fail on any leak.

In-process (default): ROLE is `anonymous` or a username; the forbidden strings are the canaries
(CANARY…) of every object that role may not see now, computed with the access core.
Against a running instance: `--base-url https://… --cookie 'sessionid=…' --forbidden-file F`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from tqdm import tqdm

from core import crawler


class Command(BaseCommand):
    help = "Dò toàn bộ liên kết với vai trò cho trước; báo lỗi nếu thấy nội dung không được xem."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="role", default="anonymous")
        parser.add_argument("--base-url")
        parser.add_argument("--cookie")
        parser.add_argument("--forbidden-file")
        parser.add_argument("--max-pages", type=int, default=3000)

    def handle(self, *args, role, base_url, cookie, forbidden_file, max_pages, **options):
        if base_url:
            if not forbidden_file:
                raise CommandError("Khi dò một máy chủ đang chạy, hãy chỉ định --forbidden-file.")
            with open(forbidden_file, encoding="utf-8") as handle:
                forbidden = {line.strip() for line in handle if line.strip()}
            fetch = crawler.http_fetcher(base_url, cookie)
            host = base_url.split("//", 1)[-1].split("/", 1)[0]
        else:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.models import AnonymousUser

            client = Client(HTTP_HOST="localhost")
            user = AnonymousUser()
            if role != "anonymous":
                user = get_user_model().objects.filter(username=role).first()
                if user is None:
                    raise CommandError(f"Không có tài khoản '{role}'.")
                client.force_login(user)
            forbidden = crawler.forbidden_for(user)
            fetch = crawler.django_fetcher(client)
            host = "localhost"
        with tqdm(desc=f"Dò liên kết ({role})", unit="trang", disable=None) as bar:
            report = crawler.crawl(
                fetch, forbidden, host, max_pages=max_pages, progress=lambda _: bar.update()
            )
        self.stdout.write(
            f"Vai trò {role}: {len(report.visited)} địa chỉ, {len(forbidden)} chuỗi cấm, "
            f"{len(report.leaks)} rò rỉ, {len(report.errors)} lỗi."
        )
        for leak in report.leaks:
            self.stderr.write(f"RÒ RỈ {leak.canary} tại {leak.url} ({leak.where})")
        for error in report.errors:
            self.stderr.write(f"LỖI {error}")
        if not report.ok:
            raise CommandError("Phát hiện rò rỉ hoặc lỗi máy chủ.")
