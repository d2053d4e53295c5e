"""Actions of publishing: what goes into each edition, builds, personal copies, supplements,
offline bundles. Tasks, views, signals and the demo all call these; the builders know none of it.

Who sees what is decided by the access core only: an edition's contents are what
`library.access.visible_to` gives a stand-in viewer (a delegate of the session's term, or the
public), and a download is served only when the requesting user may see every document in it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import html
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from library import access
from library.models import ArchiveDocument, DocumentVersion

from .builders.epub import READER_MARK, build_epub
from .builders.inputs import AgendaEntry, Packet, Reader, SourceDocument
from .builders.packet import build_packet
from .builders.stamp import personalize
from .builders.text import vn_datetime
from .models import STALE_ERROR, Build, Edition, PersonalCopy

logger = logging.getLogger("council.publishing")

# Bump when the builders change what they produce: every fingerprint changes, so all rebuild.
BUILDER_VERSION = "1"
OFFICE_SUFFIXES = {".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".odp", ".pptx", ".rtf"}
KEEP_BUILDS = 5
STALE_RUNNING = datetime.timedelta(hours=1)


# ---------------------------------------------------------------------------------------------
# Who an edition is for


def edition_viewer(session, edition: str, now: datetime.datetime) -> access.Viewer:
    """The stand-in reader whose view of the archive an edition is.

    Delegates' edition: a delegate of the session's term and nothing more, so restricted
    documents (named readers only) and anything not yet released never go in. Public: nobody.
    """
    if edition in (Edition.DELEGATES, Edition.SUPPLEMENT):
        # user_id 0 names no real account: no restricted document lists it as a reader.
        return access.Viewer(0, False, frozenset({session.term_id}), now)
    return access.Viewer(None, False, frozenset(), now)


def council_names() -> tuple[str, str]:
    """(council, office) as printed on covers: from the site's CouncilSettings."""
    try:
        from wagtail.models import Site

        from core.models import CouncilSettings

        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is not None:
            council = CouncilSettings.for_site(site)
            return council.full_council_name, council.office_name
    except Exception:  # settings table missing (early migration): fall back to the defaults
        logger.debug("no council settings", exc_info=True)
    return "Hội đồng nhân dân tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass
class Inputs:
    packet: Packet
    manifest: list[dict]
    fingerprint: str


def _ordered_links(session):
    from sessions.models import AgendaItem, AgendaItemDocument, SessionDocument

    items = list(AgendaItem.objects.filter(session=session).order_by("sort_order", "pk"))
    links: dict[int, list[int]] = {item.pk: [] for item in items}
    for item_id, document_id in (
        AgendaItemDocument.objects.filter(item__session=session)
        .order_by("item__sort_order", "sort_order", "pk")
        .values_list("item_id", "document_id")
    ):
        links[item_id].append(document_id)
    general = list(
        SessionDocument.objects.filter(session=session)
        .order_by("sort_order", "pk")
        .values_list("document_id", flat=True)
    )
    return items, links, general


def _source(document: ArchiveDocument, public: bool, version: int | None) -> SourceDocument:
    """The document as a builder input; its file is located later (`_locate`), only when a
    build actually runs, so checking fingerprints never reads or converts a file."""
    source = SourceDocument(
        title=document.title,
        number=document.number,
        kind=document.get_kind_display(),
        public=public,
        key=f"doc-{document.pk}-v{version or 0}",
        version=version,
    )
    source._document = document
    return source


def _locate(source: SourceDocument) -> None:
    """Point the source at its file: a local path, the bytes from remote storage, a converted
    PDF for an Office file, or the problem that a placeholder page will name."""
    document = getattr(source, "_document", None)
    if document is None or source.path is not None or source.data is not None:
        return
    if not document.file:
        source.problem = "tài liệu chưa có tệp đính kèm"
        return
    suffix = Path(document.file.name).suffix.lower()
    try:
        local = Path(document.file.path)
        if not local.exists():
            source.problem = "không tìm thấy tệp trong kho lưu trữ"
            return
    except NotImplementedError:  # remote storage: read it
        try:
            with document.file.open("rb") as handle:
                source.data = handle.read()
        except OSError:
            source.problem = "không tìm thấy tệp trong kho lưu trữ"
            return
        local = None
    if suffix in OFFICE_SUFFIXES:
        data = source.data if local is None else local.read_bytes()
        converted, problem = convert_office(data, suffix, document.sha256)
        source.data = None
        source.path = converted
        source.problem = problem
        return
    source.path = local


def gather(session, edition: str, now: datetime.datetime | None = None, since=None) -> Inputs:
    """The session as plain builder inputs for one edition, with a manifest and fingerprint."""
    now = now or timezone.now()
    who = edition_viewer(session, edition, now)
    items, links, general = _ordered_links(session)
    all_ids = {pk for ids in links.values() for pk in ids} | set(general)
    visible = {
        d.pk: d for d in access.visible_to(ArchiveDocument.objects.filter(pk__in=all_ids), who, now)
    }
    if edition == Edition.PUBLIC:
        # Nothing short of public, whatever the stand-in could see.
        visible = {pk: d for pk, d in visible.items() if access.is_public(d, now)}
    versions = dict(
        DocumentVersion.objects.filter(document_id__in=visible)
        .values("document_id")
        .annotate(latest=Max("number"))
        .values_list("document_id", "latest")
    )
    previous: dict[int, str] = {}
    if since is not None:
        previous = {entry["id"]: entry["sha256"] for entry in since.manifest}

    manifest: list[dict] = []
    seen: set[int] = set()

    def entry_for(document_id: int) -> SourceDocument | None:
        document = visible.get(document_id)
        if document is None:
            return None
        if since is not None and previous.get(document_id) == document.sha256:
            return None  # a supplement carries only what was added or revised
        public = access.is_public(document, now)
        source = _source(document, public, versions.get(document_id))
        if since is not None and document_id in previous:
            source.title = f"{document.title} (bản sửa đổi)"
        if document_id not in seen:
            manifest.append(
                {
                    "id": document.pk,
                    "sha256": document.sha256,
                    "title": document.title,
                    "number": document.number,
                    "public": public,
                    "version": versions.get(document_id),
                    "access": [
                        document.access_level,
                        str(document.release_at or ""),
                        str(document.public_at or ""),
                        document.term_id,
                    ],
                }
            )
            seen.add(document_id)
        return source

    entries: list[AgendaEntry] = []
    if general:
        docs = [s for s in (entry_for(pk) for pk in general) if s]
        if docs or since is None:
            entries.append(AgendaEntry("Tài liệu chung của kỳ họp", documents=docs))
    for item in items:
        docs = [s for s in (entry_for(pk) for pk in links[item.pk]) if s]
        if since is not None and not docs:
            continue
        entries.append(
            AgendaEntry(
                item.title,
                code=item.code,
                depth=item.depth,
                documents=docs,
                presenter=item.presenter,
            )
        )
    if general and not entries[0].documents and since is None and len(entries) > 1:
        entries.pop(0)

    edition_label = str(Edition(edition).label)
    packet = Packet(
        council=council_names()[0],
        session=session.heading,
        dates=_dates(session),
        venue=session.venue,
        edition=edition_label,
        items=entries,
        personal_base=edition in (Edition.DELEGATES, Edition.SUPPLEMENT),
        identifier=f"urn:council:session:{session.pk}:{edition}",
    )
    if since is not None:
        packet.cover_title = "TÀI LIỆU BỔ SUNG"
        packet.note = f"Gồm các tài liệu mới hoặc đã sửa đổi kể từ {since.label}."
    material = {
        "builder": BUILDER_VERSION,
        "edition": edition,
        "since": since.pk if since else None,
        "session": [session.heading, packet.dates, session.venue, packet.council],
        "items": [[e.code, e.title, e.depth, [d.key for d in e.documents]] for e in entries],
        "manifest": manifest,
    }
    fingerprint = hashlib.sha256(
        json.dumps(material, sort_keys=True, default=str).encode()
    ).hexdigest()
    return Inputs(packet, manifest, fingerprint)


def gather_proceedings(session, now: datetime.datetime | None = None) -> Inputs:
    """The public proceedings of a session: what anyone may see, nothing else."""
    from library.models import DocumentKind
    from sessions.models import Ballot, Interpellation, VoteChoice

    from .builders.proceedings import (
        BallotEntry,
        InterpellationEntry,
        Proceedings,
        proceedings_packet,
    )

    now = now or timezone.now()
    public = access.Viewer(None, False, frozenset(), now)
    items, links, general = _ordered_links(session)
    ids = [pk for item in items for pk in links[item.pk]] + general
    ballots = list(
        access.visible_to(Ballot.objects.filter(session=session), public, now)
        .select_related("resolution")
        .prefetch_related("votes__person")
        .order_by("held_at", "pk")
    )
    ids += [b.resolution_id for b in ballots if b.resolution_id]
    documents = {
        d.pk: d for d in ArchiveDocument.objects.filter(pk__in=ids).filter(access.public_q(now))
    }
    ordered = []
    for pk in ids:
        if pk in documents and documents[pk] not in ordered:
            ordered.append(documents[pk])
    resolution_kinds = {DocumentKind.RESOLUTION, DocumentKind.RESOLUTION_NORMATIVE}
    minutes_kinds = {DocumentKind.MINUTES, DocumentKind.NOTICE}
    versions = dict(
        DocumentVersion.objects.filter(document_id__in=documents)
        .values("document_id")
        .annotate(latest=Max("number"))
        .values_list("document_id", "latest")
    )
    resolutions = [d for d in ordered if d.kind in resolution_kinds]
    minutes = [d for d in ordered if d.kind in minutes_kinds]
    interpellations = list(
        access.visible_to(Interpellation.objects.filter(session=session), public, now)
        .select_related("asker")
        .order_by("sort_order", "pk")
    )
    choice_labels = dict(VoteChoice.choices)
    ballot_entries = []
    for ballot in ballots:
        counts = dict.fromkeys(VoteChoice.values, 0)
        votes = sorted(ballot.votes.all(), key=lambda v: v.person.folded_name)
        for vote in votes:
            counts[vote.choice] += 1
        ballot_entries.append(
            BallotEntry(
                subject=ballot.subject,
                result=ballot.get_result_display() or "chưa ghi kết quả",
                held_at=vn_datetime(timezone.localtime(ballot.held_at)),
                totals=[(str(choice_labels[c]), n) for c, n in counts.items()],
                votes=[(v.person.full_name, str(choice_labels[v.choice])) for v in votes],
            )
        )
    proceedings = Proceedings(
        council=council_names()[0],
        session=session.heading,
        dates=_dates(session),
        venue=session.venue,
        resolutions=[_source(d, True, versions.get(d.pk)) for d in resolutions],
        minutes=[_source(d, True, versions.get(d.pk)) for d in minutes],
        interpellations=[
            InterpellationEntry(
                i.asker.full_name, i.respondent, i.respondent_title, i.question, i.answer_summary
            )
            for i in interpellations
        ],
        ballots=ballot_entries,
    )
    packet = proceedings_packet(proceedings)
    packet.identifier = f"urn:council:session:{session.pk}:proceedings"
    manifest = [
        {"id": d.pk, "sha256": d.sha256, "title": d.title, "number": d.number, "public": True,
         "version": versions.get(d.pk)}
        for d in resolutions + minutes
    ]  # fmt: skip
    manifest += [{"object": f"interpellation-{i.pk}"} for i in interpellations]
    manifest += [{"object": f"ballot-{b.pk}"} for b in ballots]
    material = {
        "builder": BUILDER_VERSION,
        "edition": Edition.PROCEEDINGS,
        "session": [session.heading, packet.dates, session.venue, packet.council],
        "manifest": manifest,
        "interpellations": [vars(e) for e in proceedings.interpellations],
        "ballots": [vars(e) for e in proceedings.ballots],
    }
    fingerprint = hashlib.sha256(
        json.dumps(material, sort_keys=True, default=str).encode()
    ).hexdigest()
    return Inputs(packet, manifest, fingerprint)


def _dates(session) -> str:
    start, end = session.start_date, session.end_date
    if start == end:
        return f"{start.day}/{start.month}/{start.year}"
    if start.year == end.year:
        return f"{start.day}/{start.month} – {end.day}/{end.month}/{end.year}"
    return f"{start.day}/{start.month}/{start.year} – {end.day}/{end.month}/{end.year}"


# ---------------------------------------------------------------------------------------------
# Office documents


def _cache_dir() -> Path:
    folder = Path(
        getattr(settings, "COUNCIL_PUBLISHING_CACHE", "")
        or Path(tempfile.gettempdir()) / "council-publishing"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def convert_office(data: bytes, suffix: str, sha256: str = "") -> tuple[Path | None, str]:
    """DOCX/XLSX/ODT… to PDF with LibreOffice headless (cached by content); (pdf, problem)."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    cached = _cache_dir() / f"office-{sha256}.pdf"
    if cached.exists():
        return cached, ""
    timeout = getattr(settings, "COUNCIL_SOFFICE_TIMEOUT", 120)
    with tempfile.TemporaryDirectory(prefix="council-soffice-") as folder:
        source = Path(folder) / f"input{suffix}"
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        command = [
            getattr(settings, "COUNCIL_SOFFICE", "soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            # Its own process group: on a timeout the whole LibreOffice tree is killed.
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except FileNotFoundError:
            return None, "máy chủ chưa cài LibreOffice để chuyển đổi tệp Office"
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None, f"chuyển đổi tệp Office sang PDF quá {timeout} giây, đã dừng"
        result = Path(folder) / "input.pdf"
        if returncode != 0 or not result.exists() or result.stat().st_size == 0:
            return None, "không chuyển đổi được tệp Office sang PDF (tệp hỏng hoặc không hỗ trợ)"
        shutil.copyfile(result, cached)
    return cached, ""


# ---------------------------------------------------------------------------------------------
# Builds


def current_build(session, edition: str, since=None) -> Build | None:
    """The last good build: what is served, even while a newer one is being made."""
    builds = Build.objects.filter(session=session, edition=edition, status=Build.Status.DONE)
    if edition == Edition.SUPPLEMENT:
        builds = builds.filter(since=since)
    return builds.order_by("-number").first()


def _next_number(session, edition: str) -> int:
    top = Build.objects.filter(session=session, edition=edition).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def run_build(session, edition: str, *, since=None, force: bool = False) -> Build | None:
    """Build one edition if its inputs changed; None when the last good build is still current."""
    now = timezone.now()
    Build.objects.filter(
        session=session, edition=edition, status=Build.Status.RUNNING,
        started_at__lt=now - STALE_RUNNING,
    ).update(status=Build.Status.FAILED, error=STALE_ERROR,
             finished_at=now)  # fmt: skip
    if edition == Edition.PROCEEDINGS:
        inputs = gather_proceedings(session, now)
    else:
        inputs = gather(session, edition, now, since=since)
    last = current_build(session, edition, since=since)
    if not force and last is not None and last.fingerprint == inputs.fingerprint:
        return None
    if Build.objects.filter(
        session=session, edition=edition, status=Build.Status.RUNNING,
        fingerprint=inputs.fingerprint,
    ).exists():  # fmt: skip
        return None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                build = Build.objects.create(
                    session=session,
                    edition=edition,
                    number=_next_number(session, edition),
                    since=since,
                    fingerprint=inputs.fingerprint,
                    status=Build.Status.RUNNING,
                    started_at=now,
                    manifest=inputs.manifest,
                    document_count=sum(1 for e in inputs.manifest if "id" in e),
                )
            break
        except IntegrityError:  # another worker took the number
            continue
    else:
        return None
    packet = inputs.packet
    packet.build_label = f"Bản số {build.number}"
    packet.built_at = timezone.localtime(now)
    log: list[str] = []
    try:
        for source in packet.documents():
            _locate(source)
        with tempfile.TemporaryDirectory(prefix="council-build-") as folder:
            pdf_path = Path(folder) / "packet.pdf"
            epub_path = Path(folder) / "packet.epub"
            result = build_packet(packet, pdf_path)
            log.extend(result.log)
            book = build_epub(
                packet, epub_path, publisher=council_names()[1], reader_mark=packet.personal_base
            )
            log.extend(book.log)
            with open(pdf_path, "rb") as handle:
                build.pdf.save("packet.pdf", File(handle), save=False)
            with open(epub_path, "rb") as handle:
                build.epub.save("packet.epub", File(handle), save=False)
        build.page_count = result.page_count
        build.status = Build.Status.DONE
        build.finished_at = timezone.now()
        build.log = "\n".join(log)
        build.save()
    except Exception as exc:
        logger.exception("build %s failed", build)
        for field in (build.pdf, build.epub):
            if field:
                field.delete(save=False)
        build.status = Build.Status.FAILED
        build.finished_at = timezone.now()
        build.error = f"{type(exc).__name__}: {exc}"
        build.log = "\n".join(log)
        build.save()
        return build
    for line in log:
        logger.info("build %s: %s", build, line)
    _prune(session, edition)
    return build


def _prune(session, edition: str) -> None:
    """Keep the files of the last few good builds; the rows stay as the numbered history."""
    old = Build.objects.filter(session=session, edition=edition, status=Build.Status.DONE).order_by(
        "-number"
    )[KEEP_BUILDS:]
    for build in old:
        for copy in build.copies.all():
            copy.file.delete(save=False)
            copy.delete()
        changed = False
        for field in (build.pdf, build.epub):
            if field:
                field.delete(save=False)
                changed = True
        if changed:
            build.save(update_fields=["pdf", "epub"])


def editions_for(session) -> list[str]:
    editions = [Edition.DELEGATES, Edition.PUBLIC]
    if session.status == session.Status.CLOSED:
        editions.append(Edition.PROCEEDINGS)
    return editions


def schedule_rebuild(session_id: int) -> None:
    """Queue a rebuild of a session's editions once the current transaction commits; requests
    made inside one transaction are merged into one task per session."""
    connection = transaction.get_connection()
    waiting = {getattr(item[1], "publishing_session", None) for item in connection.run_on_commit}
    if session_id in waiting:
        return

    def run():
        from .tasks import build_session

        try:
            build_session.enqueue(session_id)
        except Exception:  # the periodic refresh catches up
            logger.exception("could not queue the build of session %s", session_id)

    run.publishing_session = session_id
    transaction.on_commit(run)


def sessions_of_document(document_id: int) -> set[int]:
    from sessions.models import AgendaItemDocument, SessionDocument

    ids = set(
        AgendaItemDocument.objects.filter(document_id=document_id).values_list(
            "item__session_id", flat=True
        )
    )
    ids |= set(
        SessionDocument.objects.filter(document_id=document_id).values_list("session_id", flat=True)
    )
    return ids


# ---------------------------------------------------------------------------------------------
# Serving


def _sees_all(user, build: Build, now=None) -> bool:
    ids = set(build.document_ids)
    if not ids:
        return True
    who = access.viewer(user, now)
    if who.secretariat:
        return True
    queryset = ArchiveDocument.objects.filter(pk__in=ids)
    return access.visible_to(queryset, who, now).count() == len(ids)


def _all_public(build: Build, now=None) -> bool:
    ids = set(build.document_ids)
    if not ids:
        return True
    now = now or timezone.now()
    public = ArchiveDocument.objects.filter(pk__in=ids).filter(access.public_q(now))
    return public.count() == len(ids)


def proceedings_for(session, now=None) -> Build | None:
    """The public proceedings, if built and everything in it is still public."""
    from sessions.models import Ballot, Interpellation

    build = current_build(session, Edition.PROCEEDINGS)
    if build is None or not _all_public(build, now):
        return None
    now = now or timezone.now()
    public = access.Viewer(None, False, frozenset(), now)
    wanted = {e["object"] for e in build.manifest if "object" in e}
    ballots = access.visible_to(Ballot.objects.filter(session=session), public, now)
    asks = access.visible_to(Interpellation.objects.filter(session=session), public, now)
    seen = {f"ballot-{pk}" for pk in ballots.values_list("pk", flat=True)}
    seen |= {f"interpellation-{pk}" for pk in asks.values_list("pk", flat=True)}
    return build if wanted <= seen else None


def build_for(user, session, now=None) -> Build | None:
    """The edition this user gets: their personal copy's base, or else the public edition."""
    who = access.viewer(user, now)
    if who.user_id is not None and (who.secretariat or session.term_id in who.delegate_term_ids):
        build = current_build(session, Edition.DELEGATES)
        if build is not None and _sees_all(who, build, now):
            return build
    build = current_build(session, Edition.PUBLIC)
    if build is not None and _all_public(build, now):
        return build
    return None


def reader_for(user) -> Reader:
    name = getattr(user, "full_name", "") or user.get_full_name() or user.get_username()
    return Reader(name=name, account=user.get_username())


@contextlib.contextmanager
def local_path(field_file) -> Iterator[Path]:
    """A local path to a stored file (a temporary copy when the storage is remote)."""
    try:
        yield Path(field_file.path)
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as handle:
        with field_file.open("rb") as source:
            shutil.copyfileobj(source, handle)
        handle.flush()
        yield Path(handle.name)


def personal_copy(build: Build, user, kind: str = "pdf") -> PersonalCopy:
    """The user's stamped copy of a delegates' build (made once, then reused)."""
    existing = PersonalCopy.objects.filter(build=build, user=user, kind=kind).first()
    if existing is not None and existing.file and existing.file.storage.exists(existing.file.name):
        return existing
    reader = reader_for(user)
    stamped_at = timezone.localtime()
    with tempfile.TemporaryDirectory(prefix="council-copy-") as folder:
        out = Path(folder) / f"copy.{kind}"
        source = build.pdf if kind == "pdf" else build.epub
        with local_path(source) as base:
            if kind == "pdf":
                personalize(base, out, reader, stamped_at)
            else:
                personalize_epub(base, out, reader, stamped_at)
        copy = existing or PersonalCopy(build=build, user=user, kind=kind)
        with open(out, "rb") as handle:
            copy.file.save(f"copy.{kind}", File(handle), save=False)
    copy.created_at = timezone.now()
    try:
        copy.save()
    except IntegrityError:  # a parallel request made it first
        copy.file.delete(save=False)
        return PersonalCopy.objects.get(build=build, user=user, kind=kind)
    return copy


def personalize_epub(base: Path, out: Path, reader: Reader, stamped_at) -> None:
    """The reader's name into the marks the base e-book leaves (intro and non-public chapters)."""
    text = html.escape(f"Bản cá nhân của {reader.label} – tạo lúc {vn_datetime(stamped_at)}")
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".xhtml") and READER_MARK.encode() in data:
                data = data.replace(READER_MARK.encode(), text.encode())
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, data, compress_type=compress)


def is_personal(build: Build) -> bool:
    return build.edition in (Edition.DELEGATES, Edition.SUPPLEMENT)


def mark_downloaded(copy: PersonalCopy) -> None:
    PersonalCopy.objects.filter(pk=copy.pk).update(downloaded_at=timezone.now())


@dataclass
class PacketStatus:
    """What the download page tells a reader about their packet."""

    build: Build | None
    building: bool
    last_failed: Build | None
    downloaded: PersonalCopy | None
    out_of_date: bool
    changed_since_download: int


def packet_status(user, session) -> PacketStatus:
    build = build_for(user, session)
    building = Build.objects.filter(
        session=session, status=Build.Status.RUNNING,
        edition__in=[Edition.DELEGATES, Edition.PUBLIC],
    ).exists()  # fmt: skip
    failed = (
        Build.objects.filter(session=session, edition__in=[Edition.DELEGATES, Edition.PUBLIC])
        .order_by("-started_at")
        .first()
    )
    failed = failed if failed is not None and failed.status == Build.Status.FAILED else None
    downloaded = None
    changed = 0
    if user.is_authenticated:
        downloaded = (
            PersonalCopy.objects.filter(
                user=user, build__session=session, kind="pdf", downloaded_at__isnull=False,
                build__edition=Edition.DELEGATES,
            )
            .select_related("build")
            .order_by("-build__number")
            .first()
        )  # fmt: skip
    out_of_date = False
    if downloaded is not None and build is not None and build.edition == Edition.DELEGATES:
        out_of_date = downloaded.build.number < build.number
        if out_of_date:
            before = {e["id"]: e["sha256"] for e in downloaded.build.manifest}
            changed = sum(1 for e in build.manifest if before.get(e["id"]) != e["sha256"])
    return PacketStatus(build, building, failed, downloaded, out_of_date, changed)


# ---------------------------------------------------------------------------------------------
# Supplements and offline bundles


def supplement(session, since: Build) -> Build | None:
    """The supplement ("tài liệu bổ sung") of documents added or revised since `since`,
    built if needed; None when nothing changed since that build."""
    current = current_build(session, Edition.DELEGATES)
    if current is None or current.number == since.number:
        return None
    inputs = gather(session, Edition.SUPPLEMENT, since=since)
    if not inputs.manifest:
        return None
    existing = current_build(session, Edition.SUPPLEMENT, since=since)
    if existing is not None and existing.fingerprint == inputs.fingerprint:
        return existing
    return run_build(session, Edition.SUPPLEMENT, since=since)


def safe_name(text: str, limit: int = 60) -> str:
    from core.text import fold

    folded = fold(text).lower()
    cleaned = "".join(c if c.isalnum() else "-" for c in folded)
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return cleaned.strip("-")[:limit] or "tai-lieu"


def offline_bundle(user, session, out: Path) -> Path:
    """A ZIP for reading offline: the packet, the e-book, each file, and an index.html that
    works opened from disk on a phone (relative links, no scripts, styles inline)."""
    build = build_for(user, session)
    if build is None:
        raise LookupError("Chưa có tập tài liệu cho kỳ họp này.")
    personal = is_personal(build)
    base = safe_name(f"ky-hop-{session.number}-{session.term.roman}")
    rows = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        if personal:
            pdf = personal_copy(build, user, "pdf")
            epub = personal_copy(build, user, "epub")
            pdf_file, epub_file = pdf.file, epub.file
        else:
            pdf_file, epub_file = build.pdf, build.epub
        with local_path(pdf_file) as path:
            bundle.write(path, f"{base}/tap-tai-lieu.pdf")
        with local_path(epub_file) as path:
            bundle.write(path, f"{base}/sach-dien-tu.epub", compress_type=zipfile.ZIP_STORED)
        documents = {
            d.pk: d
            for d in access.visible_to(
                ArchiveDocument.objects.filter(pk__in=build.document_ids), user
            )
        }
        for position, entry in enumerate(build.manifest, start=1):
            document = documents.get(entry["id"])
            if document is None or not document.file:
                continue
            suffix = Path(document.file.name).suffix.lower() or ".pdf"
            name = f"tai-lieu/{position:02d}-{safe_name(document.number or document.title)}{suffix}"
            try:
                with local_path(document.file) as path:
                    bundle.write(path, f"{base}/{name}")
            except (OSError, FileNotFoundError):
                continue
            rows.append((document, name))
        bundle.writestr(f"{base}/index.html", _bundle_index(session, build, rows, user))
    return out


def _bundle_index(session, build: Build, rows, user) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "publishing/offline_index.html",
        {
            "session": session,
            "build": build,
            "rows": rows,
            "reader": reader_for(user) if is_personal(build) else None,
            "made_at": timezone.localtime(),
        },
    )


def build_all(session) -> list[Build]:
    """Build every edition of a session whose inputs changed (the task's body)."""
    made = []
    for edition in editions_for(session):
        build = run_build(session, edition)
        if build is not None:
            made.append(build)
    return made


def packet_url_for(session, user) -> str | None:
    """The packet download for this user (used by the delegate portal), or None if none yet."""
    from django.urls import reverse

    if build_for(user, session) is None:
        return None
    return reverse("publishing:packet_pdf", args=[session.term.slug, session.slug])


def publications_url(session) -> str:
    from django.urls import reverse

    return reverse("publishing:publications", args=[session.term.slug, session.slug])
