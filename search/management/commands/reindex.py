"""Rebuild the archive search index (entries for every source; with --extract, page text)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from search import indexing


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm (mọi tài liệu, kỳ họp, đại biểu…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Trích xuất lại văn bản từ mọi tệp hiện hành (mặc định chỉ tệp chưa có văn bản).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, extract=False, no_progress=False, **options):
        total = indexing.count_all()
        with tqdm(
            total=total, unit="mục", desc=_("Lập chỉ mục"), disable=no_progress, file=self.stderr
        ) as bar:
            count = indexing.reindex_all(progress=bar.update, extract=extract)
        self.stdout.write(self.style.SUCCESS(_("Đã lập chỉ mục %(count)s mục.") % {"count": count}))
