"""Receivers only: a saved or deleted account must not be served from the authentication cache."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services.cache import users_cache_forget


@receiver(post_save, sender=User, dispatch_uid="accounts.user_saved_forget_cached")
@receiver(post_delete, sender=User, dispatch_uid="accounts.user_deleted_forget_cached")
def user_changed_forget_cached(sender: type[User], instance: User, **kwargs: Any) -> None:
    users_cache_forget(user_ids=[instance.pk])
