"""The public shell: home page, error pages, health check, settings safety."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_and_accessible(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'href="#noi-dung"' in html
    assert "<main" in html and "<nav" in html and "<footer" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


@pytest.mark.parametrize(
    "url", ["/khong-co-trang-nay/", "/tai-lieu/0/%00.pdf", "/%E2%80%AE/", "/?page=-1"]
)
def test_bad_urls_are_handled_without_a_server_error(client, url):
    assert client.get(url).status_code in {200, 404}


def test_not_found_page_speaks_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def _production_check(env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    env.update(env_overrides)
    for key in drop:
        env.pop(key, None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _production_check({})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", ["SECRET_KEY", "DATABASE_URL", "AWS_STORAGE_BUCKET_NAME"])
def test_production_refuses_to_start_naming_the_missing_variable(variable):
    result = _production_check({}, drop=[variable])
    assert result.returncode != 0
    assert f"Thiếu biến môi trường {variable}" in result.stderr


def test_every_required_production_variable_is_in_the_example_env_and_compose():
    import re

    required = set(
        re.findall(
            r'env(?:_list)?\("([A-Z_]+)"\)',
            (ROOT / "site/config/settings/production.py").read_text(),
        )
    )
    example = (ROOT / ".env.production.example").read_text()
    compose = (ROOT / "docker/compose.yaml").read_text()
    assert required
    for name in required:
        assert f"{name}=" in example, name
    assert "env_file: ../.env.production.example" in compose
    assert "config.wsgi:application" in (ROOT / "docker/Dockerfile").read_text()


def test_refusal_pages_never_echo_the_requested_address(client):
    response = client.get("/van-ban/canary-15-2026-nq-hdnd/")
    assert response.status_code == 404
    assert b"canary" not in response.content.lower()


def test_main_navigation_reaches_every_section(client):
    from tests.factories import delegate_user

    html = client.get("/").content.decode()
    for url in ("/dai-bieu/", "/tim-kiem/"):
        assert f'href="{url}"' in html, url
    assert "/ky-hop-cua-toi/" not in html
    client.force_login(delegate_user())
    assert 'href="/ky-hop-cua-toi/"' in client.get("/").content.decode()


def test_roles_give_the_head_of_office_the_download_audit_log():
    from django.contrib.auth.models import Group

    from core.roles import CLERK, HEAD, ensure_roles

    ensure_roles()
    head = set(Group.objects.get(name=HEAD).permissions.values_list("codename", flat=True))
    clerk = set(Group.objects.get(name=CLERK).permissions.values_list("codename", flat=True))
    assert {"view_nonpublic", "access_admin", "view_downloadlog"} <= head
    assert "view_nonpublic" in clerk and "view_downloadlog" not in clerk


def test_front_page_lists_only_public_released_documents(client):
    from library.access import Level
    from tests.factories import ArchiveDocumentFactory, TermFactory, in_minutes

    ArchiveDocumentFactory(title="Nghị quyết công khai về giáo dục", number="")
    ArchiveDocumentFactory(
        title="CANARY dự thảo", number="", access_level=Level.DELEGATES, term=TermFactory()
    )
    ArchiveDocumentFactory(title="CANARY cấm vận", number="", release_at=in_minutes(30))
    html = client.get("/").content.decode()
    assert "Nghị quyết công khai về giáo dục" in html
    assert "CANARY" not in html
    assert 'action="/tim-kiem/"' in html
