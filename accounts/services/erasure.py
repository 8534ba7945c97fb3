"""Ending an account: the user's own deletion, erasure of personal data, staff deactivation."""

from __future__ import annotations

import logging

from bson import ObjectId
from django.utils.translation import gettext as _

from accounts.hooks import personal_data_erasure
from accounts.models import User
from accounts.services.cache import users_cache_forget
from accounts.services.login import refresh_tokens_revoke_all
from kernel.errors import ValidationFailed

logger = logging.getLogger(__name__)


def user_delete(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationFailed(details={"password": [_("Password is incorrect.")]})
    user_erase(user=user)


def user_erase(*, user: User) -> None:
    """Remove the account and its personal data: other apps' receivers run
    first, then cascading foreign keys take the rest."""
    user_id = user.pk
    personal_data_erasure.send(sender=User, user=user)
    user.delete()
    logger.info("account %s deleted", user_id)


def users_deactivate(*, user_ids: list[ObjectId]) -> int:
    count = User.objects.filter(pk__in=user_ids, is_active=True).update(is_active=False)
    users_cache_forget(user_ids=user_ids)
    refresh_tokens_revoke_all(user_ids=user_ids)
    return count
