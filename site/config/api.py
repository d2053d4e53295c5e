"""The open-data JSON API (django-ninja, OpenAPI at /api/v1/docs). Every endpoint filters
through the access core; apps add their routers in `register_routers`."""

import importlib

from ninja import NinjaAPI

api = NinjaAPI(
    title="API dữ liệu mở HĐND tỉnh",
    version="1.0",
    description="Dữ liệu công khai về kỳ họp, tài liệu, biểu quyết, chất vấn và đại biểu. "
    "Người dùng đã đăng nhập thấy đúng những gì họ được xem trên trang web.",
    urls_namespace="api",
)

# (module, prefix): each module exposes `router`.
ROUTERS = [
    ("sessions.api", "/"),
    ("delegates.api", "/"),
    ("search.api", "/"),
    ("library.api", "/"),
]


def register_routers() -> None:
    for module_name, prefix in ROUTERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        api.add_router(prefix, module.router)


register_routers()
