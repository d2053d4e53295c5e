"""URLs of the in-browser readers."""

from django.urls import path

from . import readers

app_name = "library_readers"
urlpatterns = [
    path("doc/<int:document_id>/", readers.pdf_reader, name="pdf"),
    path("doc-sach/<int:document_id>/", readers.epub_reader, name="epub"),
]
