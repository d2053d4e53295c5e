"""The admin's account page links to the two-factor settings (backup codes, new phone)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("security:backup_codes"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Tạo bộ mã dự phòng mới hoặc chuyển ứng dụng xác thực sang điện thoại mới."),
    }
