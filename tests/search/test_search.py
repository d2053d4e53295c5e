"""The archive search: Vietnamese folding, number lookups, and access inside the query."""

import datetime
import unicodedata

import pytest

from library.access import Level
from library.models import DocumentKind
from search.engine import search
from search.models import SearchEntry
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    in_minutes,
)
from tests.factories import secretariat_user as make_secretariat

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.entry.title for hit in results.hits]


def facet(results, name):
    return {f.value: f.count for f in results.facets.get(name, [])}


def test_unaccented_query_finds_accented_document(make_document, anonymous):
    make_document("Nghị quyết về Đường giao thông nông thôn", ["Xây dựng cầu cống."])
    make_document("Báo cáo về ngân sách", ["Thu chi ngân sách."], kind=DocumentKind.REPORT)
    results = search("duong giao thong", anonymous)
    assert titles(results) == ["Nghị quyết về Đường giao thông nông thôn"]
    assert results.total == 1


def test_accented_query_finds_unaccented_text_and_case_is_ignored(make_document, anonymous):
    make_document("Ke hoach phat trien DUONG GIAO THONG", ["noi dung khong dau"])
    assert search("Đường Giao Thông", anonymous).total == 1
    assert search("ĐƯỜNG", anonymous).total == 1


def test_nfd_and_nfc_queries_are_the_same(make_document, anonymous):
    make_document("Quy hoạch tỉnh Lào Cai", ["Phát triển du lịch Sa Pa."])
    nfd = unicodedata.normalize("NFD", "Lào Cai")
    assert unicodedata.normalize("NFC", nfd) != nfd
    assert titles(search(nfd, anonymous)) == titles(search("Lào Cai", anonymous))
    assert search(nfd, anonymous).total == 1


def test_full_text_match_reports_the_page(make_document, anonymous):
    pages = ["Trang đầu nói về nông nghiệp.", "Trang hai nói về thủy lợi.", "Kè chống sạt lở."]
    document = make_document("Báo cáo tổng hợp", pages)
    results = search("ke chong sat lo", anonymous)
    (hit,) = results.hits
    assert hit.page_number == 3
    assert "<mark>" in hit.snippet and "sạt" in hit.snippet
    assert hit.page_url.endswith("#page=3")
    assert hit.entry.object_id == document.pk


def test_exact_accents_rank_first(make_document, anonymous):
    make_document("Tuyến đường Lao Cai cũ", ["lao cai"], issued_on=datetime.date(2025, 1, 1))
    make_document("Tỉnh Lào Cai phát triển", ["Lào Cai"], issued_on=datetime.date(2020, 1, 1))
    results = search("Lào Cai", anonymous)
    assert titles(results)[0] == "Tỉnh Lào Cai phát triển"
    assert results.total == 2


@pytest.mark.parametrize(
    "query", ["15/2024/NQ-HĐND", "15/2024/nq-hdnd", "NQ 15 2024", "15/2024", "số 15/2024"]
)
def test_document_number_spellings_find_the_document_first(make_document, anonymous, query):
    make_document("Nghị quyết khác nhắc tới 15 2024", ["Căn cứ Nghị quyết 15/2024/NQ-HĐND."],
                  number="16/2024/NQ-HĐND")  # fmt: skip
    make_document("Nghị quyết năm trước", ["Nội dung."], number="15/2023/NQ-HĐND",
                  issued_on=datetime.date(2023, 6, 1))  # fmt: skip
    make_document("Quy định mức chi hỗ trợ", ["Nội dung."], number="15/2024/NQ-HĐND",
                  kind=DocumentKind.RESOLUTION_NORMATIVE,
                  issued_on=datetime.date(2024, 1, 5))  # fmt: skip
    results = search(query, anonymous)
    assert titles(results)[0] == "Quy định mức chi hỗ trợ"
    assert results.hits[0].number_match


def _mixed_archive(make_document, term, other_term):
    make_document("Nghị quyết công khai về thủy lợi", ["thủy lợi"], number="1/2024/NQ-HĐND")
    make_document("Dự thảo thủy lợi cho đại biểu", ["thủy lợi"], access_level=Level.DELEGATES,
                  term=term, kind=DocumentKind.DRAFT_RESOLUTION)  # fmt: skip
    make_document("Tài liệu thủy lợi khóa trước", ["thủy lợi"], access_level=Level.DELEGATES,
                  term=other_term, kind=DocumentKind.REPORT,
                  issued_on=datetime.date(2019, 5, 1))  # fmt: skip
    make_document("Hồ sơ nhân sự thủy lợi", ["thủy lợi"], access_level=Level.RESTRICTED,
                  kind=DocumentKind.LETTER)  # fmt: skip
    make_document("Văn bản mật thủy lợi", [], access_level=Level.SECRET, kind=DocumentKind.OTHER)
    make_document("Nghị quyết thủy lợi chưa phát hành", ["thủy lợi"], release_at=in_minutes(60),
                  kind=DocumentKind.RESOLUTION_NORMATIVE)  # fmt: skip


def test_anonymous_sees_only_public_items_in_hits_counts_and_facets(make_document, anonymous):
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1),
                        end_date=datetime.date(2021, 6, 1))  # fmt: skip
    _mixed_archive(make_document, term, other)
    results = search("thuy loi", anonymous)
    assert titles(results) == ["Nghị quyết công khai về thủy lợi"]
    assert results.total == 1
    assert facet(results, "kind") == {DocumentKind.RESOLUTION: 1}
    assert facet(results, "year") == {"2024": 1}
    assert "access_level" not in results.facets
    assert facet(results, "term") == {}


def test_delegate_sees_own_term_items_not_other_terms_or_restricted(make_document):
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1),
                        end_date=datetime.date(2021, 6, 1))  # fmt: skip
    _mixed_archive(make_document, term, other)
    delegate = delegate_user(term, "daibieu")
    results = search("thuy loi", delegate)
    assert sorted(titles(results)) == sorted(
        ["Nghị quyết công khai về thủy lợi", "Dự thảo thủy lợi cho đại biểu"]
    )
    assert results.total == 2
    assert facet(results, "kind") == {DocumentKind.RESOLUTION: 1, DocumentKind.DRAFT_RESOLUTION: 1}
    assert facet(results, "term") == {str(term.pk): 1}


def test_named_reader_sees_restricted_document(make_document):
    reader = UserFactory(username="nguoidoc")
    document = make_document("Hồ sơ nhân sự", ["thủy lợi"], access_level=Level.RESTRICTED)
    assert search("ho so nhan su", reader).total == 0
    document.readers.add(reader)
    assert search("ho so nhan su", reader).total == 1
    document.readers.remove(reader)
    assert search("ho so nhan su", reader).total == 0


def test_secretariat_sees_everything_with_access_facet(make_document):
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1),
                        end_date=datetime.date(2021, 6, 1))  # fmt: skip
    _mixed_archive(make_document, term, other)
    clerk = make_secretariat()
    results = search("thuy loi", clerk)
    assert results.total == 6
    assert facet(results, "access_level") == {
        "public": 2, "delegates": 2, "restricted": 1, "secret": 1,
    }  # fmt: skip
    only_secret = search("thuy loi", clerk, filters={"access_level": "secret"})
    assert titles(only_secret) == ["Văn bản mật thủy lợi"]


def test_access_change_applies_at_once(make_document, anonymous):
    document = make_document("Dự thảo kè sông Hồng", ["kè"], access_level=Level.DELEGATES)
    assert search("ke song hong", anonymous).total == 0
    document.access_level = Level.PUBLIC
    document.save()
    assert search("ke song hong", anonymous).total == 1
    document.access_level = Level.DELEGATES
    document.public_at = None
    document.save()
    assert search("ke song hong", anonymous).total == 0


def test_public_at_in_the_past_makes_a_delegate_document_public(make_document, anonymous):
    make_document("Tài liệu kỳ họp đã công khai", ["a"], access_level=Level.DELEGATES,
                  public_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))  # fmt: skip
    assert search("ky hop da cong khai", anonymous).total == 1


def test_embargoed_document_appears_after_release(make_document, anonymous):
    make_document("Nghị quyết phát hành sau", ["a"], release_at=in_minutes(30))
    assert search("phat hanh sau", anonymous).total == 0
    later = in_minutes(31)
    assert search("phat hanh sau", anonymous, now=later).total == 1


def test_delegates_are_found_by_unaccented_name_without_private_fields(anonymous):
    person = PersonFactory(full_name="Trần Thị Đào", occupation="Phó Chủ tịch HĐND tỉnh",
                           phone="0912345678", record_notes="ghi chú mật")  # fmt: skip
    MembershipFactory(person=person)
    results = search("tran thi dao", anonymous)
    assert titles(results) == ["Trần Thị Đào"]
    assert facet(results, "source") == {"delegate": 1}
    assert search("0912345678", anonymous).total == 0
    assert search("ghi chu mat", anonymous).total == 0


def test_filters_and_facets_drill_down(make_document, anonymous):
    make_document("Nghị quyết thủy lợi 2023", ["x"], issued_on=datetime.date(2023, 3, 1))
    make_document("Nghị quyết thủy lợi 2024", ["x"], issued_on=datetime.date(2024, 3, 1))
    make_document("Báo cáo thủy lợi 2024", ["x"], issued_on=datetime.date(2024, 4, 1),
                  kind=DocumentKind.REPORT, issuing_body="UBND tỉnh")  # fmt: skip
    results = search("thuy loi", anonymous)
    assert facet(results, "year") == {"2023": 1, "2024": 2}
    filtered = search("thuy loi", anonymous, filters={"year": "2024"})
    assert filtered.total == 2
    assert facet(filtered, "kind") == {DocumentKind.RESOLUTION: 1, DocumentKind.REPORT: 1}
    by_body = search("thuy loi", anonymous, filters={"issuing_body": "UBND tỉnh"})
    assert titles(by_body) == ["Báo cáo thủy lợi 2024"]


def test_sort_by_date(make_document, anonymous):
    make_document("Thủy lợi cũ", ["x"], issued_on=datetime.date(2019, 3, 1))
    make_document("Thủy lợi mới", ["x"], issued_on=datetime.date(2025, 3, 1))
    assert titles(search("thuy loi", anonymous, sort="date")) == ["Thủy lợi mới", "Thủy lợi cũ"]
    assert titles(search("thuy loi", anonymous, sort="date_asc")) == ["Thủy lợi cũ", "Thủy lợi mới"]


def test_phrase_or_and_exclusion(make_document, anonymous):
    make_document("Giao thông nông thôn", ["x"])
    make_document("Nông thôn mới và giao thông", ["x"])
    make_document("Điện lực", ["x"])
    assert search('"giao thong nong thon"', anonymous).total == 1
    assert search("giao thong -dien", anonymous).total == 2
    assert search("dien or giao", anonymous).total == 3
    assert search("nong thon -moi", anonymous).total == 1


def test_or_separates_clauses_the_same_way_on_every_database(make_document, anonymous):
    make_document("Tỉnh Lào Cai", ["x"])
    make_document("Tỉnh Yên Bái", ["x"])
    make_document("Cai nghiện và Yên tâm", ["x"])
    # (lào cai) OR (yên bái), as PostgreSQL's websearch_to_tsquery reads it
    assert search("lao cai or yen bai", anonymous).total == 2
    assert search("tinh -cai or nghien", anonymous).total == 2


def test_pagination_counts_pages(make_document, anonymous):
    for i in range(5):
        make_document(f"Thủy lợi số {i}", ["x"])
    first = search("thuy loi", anonymous, per_page=2)
    assert (first.total, first.num_pages, len(first.hits)) == (5, 3, 2)
    last = search("thuy loi", anonymous, per_page=2, page=3)
    assert len(last.hits) == 1
    assert {h.entry.pk for h in first.hits}.isdisjoint({h.entry.pk for h in last.hits})


def test_document_entry_is_removed_with_the_document(make_document, anonymous):
    document = make_document("Tạm thời", ["x"])
    document.delete()
    assert not SearchEntry.objects.filter(source="document").exists()
    assert search("tam thoi", anonymous).total == 0
