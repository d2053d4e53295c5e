"""A deactivated account is signed out everywhere at once."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import end_sessions


@receiver(post_save, sender=get_user_model(), dispatch_uid="security-end-sessions")
def end_sessions_of_deactivated(sender, instance, created, **kwargs):
    # In the same transaction as the deactivation: both happen or neither does.
    if not created and not instance.is_active:
        end_sessions(instance)
