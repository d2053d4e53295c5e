"""Deterministic Vietnamese demo data, loaded by `manage.py load_demo`.

Each app contributes a `demo.load(ctx)` step, run in `STEPS` order; every step is idempotent,
so running the command twice changes nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from core.roles import CLERK, HEAD, ensure_roles

DEMO_PASSWORD = "demo-hdnd-2026"
PROVINCE = "Lào Cai"

STEPS = [
    "core.demo",
    "delegates.demo",
    "library.demo",
    "sessions.demo",
    "notifications.demo",
    "library.demo_books",
    "publishing.demo",
    "ingest.demo",
    "search.demo",  # last: indexes what the steps above loaded
]


@dataclass
class DemoContext:
    """What the steps share: accounts, terms, documents by key, and a way to report."""

    write: Any = print
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


# (username, full name, role, description printed for the demo logins)
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", "admin", "quản trị viên"),
    ("vanphong", "Trần Thị Thu Hà", "clerk", "chuyên viên Văn phòng"),
    ("lanhdao", "Phạm Quốc Hưng", "head", "lãnh đạo Văn phòng"),
    ("daibieu", None, "delegate", "đại biểu HĐND khóa XVI"),
    ("daibieu.khoaxv", None, "delegate", "đại biểu khóa XV (đã hết nhiệm kỳ)"),
    ("nguoidoc", "Lê Văn Minh", "reader", "người được chỉ định xem tài liệu hạn chế"),
]


def load(ctx: DemoContext) -> None:
    from wagtail.models import Site

    from core.models import CouncilSettings, HomePage

    site = Site.objects.get(is_default_site=True)
    settings_obj = CouncilSettings.for_site(site)
    settings_obj.council_name = "Hội đồng nhân dân tỉnh"
    settings_obj.province = PROVINCE
    settings_obj.office_name = "Văn phòng Đoàn ĐBQH và HĐND tỉnh Lào Cai"
    settings_obj.address = "Đường Hoàng Liên, phường Kim Tân, thành phố Lào Cai"
    settings_obj.phone = "0214 3840 000"
    settings_obj.email = "vanphong@hdnd.laocai.example.vn"
    settings_obj.save()

    home = HomePage.objects.get(depth=2)
    home.title = f"Hội đồng nhân dân tỉnh {PROVINCE}"
    home.intro = (
        "<p>Cổng thông tin điện tử của Hội đồng nhân dân tỉnh: kỳ họp, tài liệu, nghị quyết, "
        "đại biểu và thư viện điện tử.</p>"
    )
    home.save_revision().publish()

    groups = ensure_roles()
    User = get_user_model()
    for username, full_name, role, _ in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_name = full_name or user.full_name
        user.email = user.email or f"{username.replace('.', '-')}@hdnd.example.vn"
        user.is_staff = role in {"admin", "clerk", "head"}
        user.is_superuser = role == "admin"
        user.save()
        if role == "clerk":
            user.groups.add(groups[CLERK])
        if role == "head":
            user.groups.add(groups[HEAD])
        ctx.users[username] = user


def run(write=print) -> DemoContext:
    ctx = DemoContext(write=write)
    with transaction.atomic():
        for name in STEPS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.load(ctx)
            write(f"  ✓ {name}")
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    return [(username, description) for username, _, _, description in ACCOUNTS]
