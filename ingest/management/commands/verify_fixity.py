"""`manage.py verify_fixity`: re-hash every stored file; non-zero exit on any problem."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ingest.fixity import Problem, count_files, verify


class Command(BaseCommand):
    help = (
        "Kiểm tra toàn vẹn kho lưu trữ: tính lại mã SHA-256 của mọi tệp đã lưu và so với mã ghi "
        "nhận lúc tiếp nhận; báo tệp thiếu hoặc bị thay đổi (mã thoát khác 0)."
    )

    def handle(self, **options):
        quiet = options.get("verbosity", 1) < 1
        bar = tqdm(total=count_files(), desc="Kiểm tra", unit="tệp", disable=quiet,
                   file=self.stderr._out)  # fmt: skip
        try:
            run = verify(progress=bar.update)
        finally:
            bar.close()
        for problem in run.problems:
            self.stderr.write(Problem(**problem).message())
        if run.problems:
            raise CommandError(
                _("%(problems)s tệp có vấn đề trên %(checked)s tệp đã kiểm tra.")
                % {"problems": len(run.problems), "checked": run.checked}
            )
        self.stdout.write(
            _("Toàn vẹn: %(checked)s tệp đúng mã SHA-256 đã ghi nhận.") % {"checked": run.checked}
        )
