"""The admin's account page links to the two-factor settings (backup codes, new phone)."""

from django.urls import reverse
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("security:backup_codes"),
        "label": "Xác thực hai bước",
        "help_text": "Tạo bộ mã dự phòng mới hoặc chuyển ứng dụng xác thực sang điện thoại mới.",
    }
