"""One search over everything: sessions, agenda items, interpellations, petitions, delegates."""

import pytest

from library.access import Level
from search.engine import search
from sessions.models import Interpellation, Petition
from tests.factories import MembershipFactory, PersonFactory, TermFactory
from tests.sessions.builders import add_item, make_session

pytestmark = pytest.mark.django_db


def sources_of(results):
    return {f.value: f.count for f in results.facets.get("source", [])}


def test_session_and_agenda_items_are_found_unaccented(anonymous):
    session = make_session(TermFactory(), number=12, venue="Hội trường Lào Cai")
    add_item(session, "1", "Báo cáo kinh tế - xã hội sáu tháng đầu năm")
    results = search("kinh te xa hoi", anonymous)
    assert sources_of(results) == {"agenda_item": 1, "session": 1}
    hit = next(h for h in results.hits if h.entry.source == "agenda_item")
    assert hit.entry.url == session.get_url()
    assert hit.entry.session_label == session.heading


def test_unpublished_session_and_its_items_are_not_found(anonymous):
    session = make_session(TermFactory(), number=3)
    add_item(session, "1", "Quy hoạch thủy điện")
    session.unpublish()
    assert search("quy hoach thuy dien", anonymous).total == 0


def test_document_on_the_agenda_gets_the_session_facet(make_document, anonymous):
    session = make_session(TermFactory(), number=12)
    document = make_document("Tờ trình về giá đất", ["Bảng giá đất."])
    add_item(session, "2", "Giá đất", documents=[document])
    results = search("gia dat", anonymous, filters={"source": "document"})
    assert {f.value: f.count for f in results.facets["session"]} == {str(session.pk): 1}
    assert results.facets["session"][0].label == session.heading
    filtered = search("gia dat", anonymous, filters={"session": str(session.pk)})
    assert filtered.total == 3  # the document, the agenda item, the session's agenda text


def test_interpellations_follow_their_access_level(anonymous):
    term = TermFactory()
    session = make_session(term, number=12)
    asker = PersonFactory(full_name="Lê Văn Hùng")
    Interpellation.objects.create(
        session=session, asker=asker, respondent="Giám đốc Sở Giao thông",
        question="Vì sao đường tỉnh lộ 152 chậm tiến độ?", access_level=Level.PUBLIC,
    )  # fmt: skip
    Interpellation.objects.create(
        session=session, asker=asker, respondent="Giám đốc Sở Y tế",
        question="Bệnh viện tỉnh lộ 152 thiếu thuốc?", access_level=Level.DELEGATES,
    )  # fmt: skip
    results = search("tinh lo 152", anonymous)
    assert sources_of(results) == {"interpellation": 1}
    assert "Sở Giao thông" in results.hits[0].entry.title


def test_petitions_are_searchable(anonymous):
    Petition.objects.create(
        meeting="Tiếp xúc cử tri huyện Bát Xát", topic="Đất đai",
        content="Cử tri đề nghị cấp sổ đỏ", access_level=Level.PUBLIC,
    )  # fmt: skip
    assert sources_of(search("so do", anonymous)) == {"petition": 1}


def test_delegates_appear_once_they_sit_on_the_council(anonymous):
    person = PersonFactory(full_name="Hoàng Thị Mai")
    assert search("hoang thi mai", anonymous).total == 0
    MembershipFactory(person=person)
    results = search("hoang thi mai", anonymous)
    assert sources_of(results) == {"delegate": 1}
    assert results.hits[0].entry.url.endswith(f"/{person.slug}/")


def test_session_behind_a_view_restriction_is_for_the_secretariat_only(anonymous):
    from wagtail.models import PageViewRestriction

    from tests.factories import secretariat_user

    session = make_session(TermFactory(), number=5, venue="Phòng họp kín Cốc Lếu")
    add_item(session, "1", "Nhân sự kín Cốc Lếu")
    assert search("coc leu", anonymous).total == 2
    restriction = PageViewRestriction.objects.create(
        page=session, restriction_type=PageViewRestriction.LOGIN
    )
    assert search("coc leu", anonymous).total == 0
    assert search("coc leu", secretariat_user()).total == 2
    restriction.delete()
    assert search("coc leu", anonymous).total == 2


def test_saving_a_session_with_unsaved_agenda_items_does_not_fail(anonymous):
    from sessions.models import AgendaItem

    session = make_session(TermFactory(), number=6)
    session.agenda_items.add(AgendaItem(code="1", title="Mục chưa lưu"))
    # modelcluster saves the page (post_save sees the item with pk None: skipped), then the
    # item, whose own post_save indexes it
    session.save()
    results = search("muc chua luu", anonymous)
    assert {f.value: f.count for f in results.facets["source"]} == {"agenda_item": 1, "session": 1}


def test_library_items_are_searchable_and_follow_their_access_level(anonymous):
    from core.models import HomePage
    from library.catalogue import LibraryCollectionPage, LibraryIndexPage, LibraryItemPage

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=LibraryIndexPage(title="Thư viện", slug="thu-vien-test"))
    collection = index.add_child(instance=LibraryCollectionPage(
        title="Kỷ yếu", slug="ky-yeu-test", kind=LibraryCollectionPage.Kind.values[0]))  # fmt: skip
    collection.add_child(instance=LibraryItemPage(
        title="Kỷ yếu Hội đồng nhân dân tỉnh Lào Cai", slug="ky-yeu-lao-cai",
        authors="Văn phòng Đoàn ĐBQH và HĐND tỉnh", access_level=Level.PUBLIC))  # fmt: skip
    collection.add_child(instance=LibraryItemPage(
        title="Kỷ yếu nội bộ Lào Cai", slug="ky-yeu-noi-bo",
        access_level=Level.DELEGATES))  # fmt: skip
    results = search("ky yeu lao cai", anonymous)
    assert sources_of(results) == {"library_item": 1}
    assert results.hits[0].entry.title == "Kỷ yếu Hội đồng nhân dân tỉnh Lào Cai"
