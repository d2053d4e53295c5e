"""Site-wide views: health check and friendly error pages (Vietnamese, or English if chosen)."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"code": 404, "message": _("Không tìm thấy trang.")},
        status=404,
    )


def forbidden(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"code": 403, "message": _("Tài khoản của bạn không có quyền xem nội dung này.")},
        status=403,
    )


def server_error(request):
    return render(
        request,
        "core/error.html",
        {"code": 500, "message": _("Hệ thống gặp lỗi. Xin vui lòng thử lại sau ít phút.")},
        status=500,
    )
