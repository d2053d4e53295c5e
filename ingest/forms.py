"""Wagtail's document form with the hostile-file check (`WAGTAILDOCS_DOCUMENT_FORM_BASE`):
the admin's single and multiple upload go through `check_upload` like every other path."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from .filecheck import DOCUMENT_KINDS, check_upload


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        try:
            checked = check_upload(upload, upload.name or "", allowed=DOCUMENT_KINDS)
        except ValidationError as exc:
            raise ValidationError(exc.messages)
        # Read by the version signal: the untouched original is kept aside for the secretariat.
        self.instance._ingest_checked = checked
        if checked.was_cleaned:
            return ContentFile(checked.data, name=checked.display_name)
        upload.seek(0)
        return upload

    def save(self, commit=True):
        # Wagtail deletes the previous file when a new one is uploaded; here every earlier file
        # is a version of the document's history (and under fixity), so it is kept.
        self.original_file = None
        return super().save(commit=commit)
