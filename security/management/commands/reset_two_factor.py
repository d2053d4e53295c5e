"""`manage.py reset_two_factor USERNAME`: for a lost phone; the next sign-in enrols again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security.services import reset_second_factor


class Command(BaseCommand):
    help = "Xóa thiết bị xác thực hai bước của một tài khoản (khi mất điện thoại)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản '{username}'.")
        reset_second_factor(user)
        self.stdout.write(
            f"Đã xóa xác thực hai bước của {username}; mọi phiên đăng nhập đã kết thúc. "
            "Lần đăng nhập sau, tài khoản sẽ đăng ký lại."
        )
