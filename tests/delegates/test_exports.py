"""Open data: Popolo JSON valid against our schema, CSV with neutralised cells, the JSON API."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from delegates import exports
from delegates.models import Body, Membership, Person
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parent / "popolo.schema.json").read_text())


def validate(data):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("slug", ["khoa-xvi", "khoa-xv"])
def test_every_popolo_export_validates_against_the_schema(demo, client, slug):
    response = client.get(f"/dai-bieu/{slug}/popolo.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    validate(data)
    person_ids = {p["id"] for p in data["persons"]}
    org_ids = {o["id"] for o in data["organizations"]}
    post_ids = {p["id"] for p in data["posts"]}
    area_ids = {a["id"] for a in data["areas"]}
    for membership in data["memberships"]:
        assert membership["person_id"] in person_ids
        assert membership["organization_id"] in org_ids
        assert membership["post_id"] in post_ids
        assert membership.get("area_id", next(iter(area_ids))) in area_ids
    for post in data["posts"]:
        assert post["organization_id"] in org_ids


def test_popolo_export_of_term_xvi_has_the_55_delegates_and_dated_posts(demo):
    data = exports.popolo(demo.objects["term16"], base_url="http://testserver")
    validate(data)
    assert len(data["persons"]) == 55
    an = next(p for p in data["persons"] if p["name"] == "Nguyễn Văn An")
    assert an["birth_date"] == "1970" and an["gender"] == "male"
    assert an["family_name"] == "Nguyễn" and an["given_name"] == "An"
    chair = [m for m in data["memberships"] if m["label"] == "Chủ tịch HĐND tỉnh"]
    assert {(m["start_date"], m.get("end_date")) for m in chair} == {
        ("2021-06-25", "2023-10-12"),
        ("2023-10-13", None),
    }
    classifications = {o["classification"] for o in data["organizations"]}
    assert classifications == {"legislature", "standing committee", "committee", "delegation group"}
    with_photo = [p for p in data["persons"] if "image" in p]
    assert with_photo and all(p["image"].startswith("http://testserver/") for p in with_photo)


def test_popolo_export_of_an_empty_term_validates(db):
    term = TermFactory(number=17)
    validate(exports.popolo(term))


def test_schema_rejects_a_private_field(demo):
    data = exports.popolo(demo.objects["term16"])
    data["persons"][0]["email"] = "lo@example.vn"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


@pytest.mark.parametrize("value", ["=1+1", "+84 912", "-5", "@SUM(A1)", "\t=x", "\r=x"])
def test_neutralise_quotes_formula_like_cells(value):
    assert exports.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "1970", "", None, "a=b"])
def test_neutralise_keeps_ordinary_cells(value):
    assert exports.neutralise(value) == ("" if value is None else value)


def test_csv_export_neutralises_formula_cells(client, db):
    term = TermFactory()
    council = BodyFactory(term=term)
    person = PersonFactory(
        full_name='=HYPERLINK("http://x")', occupation="+cmd", workplace="@evil", ethnicity="-1"
    )
    MembershipFactory(person=person, body=council)
    response = client.get("/dai-bieu/khoa-xvi/danh-sach.csv")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == exports.CSV_HEADER
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Họ và tên"] == '\'=HYPERLINK("http://x")'
    assert row["Chức vụ, nghề nghiệp"] == "'+cmd"
    assert row["Nơi công tác"] == "'@evil"
    assert row["Dân tộc"] == "'-1"
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@"))


def test_csv_export_of_the_demo_lists_55_delegates_with_posts(demo, client):
    response = client.get("/dai-bieu/khoa-xvi/danh-sach.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 55
    an = next(r for r in rows if r["Họ và tên"] == "Nguyễn Văn An")
    assert "Trưởng Ban Pháp chế" in an["Chức danh"]
    assert an["Đơn vị bầu cử"].startswith("Đơn vị bầu cử số 2")


def test_api_lists_terms_and_the_delegates_of_a_term(demo, client):
    terms = client.get("/api/v1/dai-bieu/khoa").json()
    assert [t["roman"] for t in terms] == ["XVI", "XV"]
    assert terms[0]["is_current"] and not terms[1]["is_current"]
    detail = client.get("/api/v1/dai-bieu/khoa/khoa-xvi").json()
    assert len(detail["delegates"]) == 55
    an = next(d for d in detail["delegates"] if d["full_name"] == "Nguyễn Văn An")
    assert an["constituency"] == 2 and an["group"] == "Tổ đại biểu Thành phố Lào Cai"


def test_api_person_detail_has_terms_and_posts(demo, client):
    person = Person.objects.get(full_name="Lê Thị Thu Hương")
    data = client.get(f"/api/v1/dai-bieu/{person.slug}").json()
    assert [t["term"] for t in data["terms"]] == ["khoa-xvi", "khoa-xv"]
    titles = [p["title"] for p in data["terms"][0]["posts"]]
    assert "Phó Chủ tịch HĐND tỉnh" in titles and "Chủ tịch HĐND tỉnh" in titles


def test_api_unknown_person_or_term_is_404(demo, client):
    assert client.get("/api/v1/dai-bieu/khong-co-ai").status_code == 404
    assert client.get("/api/v1/dai-bieu/khoa/khoa-xx").status_code == 404
    bare = PersonFactory()
    assert client.get(f"/api/v1/dai-bieu/{bare.slug}").status_code == 404


def test_membership_titles_read_naturally(db):
    term = TermFactory()
    cases = [
        (Body.Kind.STANDING, "Thường trực HĐND tỉnh", "vice_chair", "Phó Chủ tịch HĐND tỉnh"),
        (Body.Kind.STANDING, "Thường trực HĐND tỉnh", "member", "Ủy viên Thường trực HĐND tỉnh"),
        (Body.Kind.COMMITTEE, "Ban Dân tộc", "deputy_head", "Phó Trưởng Ban Dân tộc"),
        (Body.Kind.GROUP, "Tổ đại biểu Bắc Hà", "group_leader", "Tổ trưởng tổ đại biểu Bắc Hà"),
        (Body.Kind.COUNCIL, "HĐND tỉnh khóa XVI", "delegate", "Đại biểu HĐND tỉnh khóa XVI"),
    ]
    for kind, name, role, title in cases:
        body = BodyFactory(term=term, kind=kind, name=name)
        assert Membership(body=body, role=role).title == title


def test_popolo_export_cost_does_not_grow_with_people(demo, django_assert_max_num_queries):
    term = demo.objects["term16"]
    exports.popolo(term)  # renders the photo renditions once
    with django_assert_max_num_queries(8):
        data = exports.popolo(term)
    assert sum("image" in p for p in data["persons"]) > 30
