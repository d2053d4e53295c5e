"""Keep the version history whole: a file uploaded through Wagtail's own forms becomes a version."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ArchiveDocument


@receiver(post_save, sender=ArchiveDocument)
def record_uploaded_file_as_version(sender, instance, raw=False, **kwargs):
    if raw or getattr(instance, "_syncing_version", False) or not instance.has_file:
        return
    from .services import ensure_initial_version

    ensure_initial_version(instance)
