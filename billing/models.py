"""Billing records in the relational ``billing`` database, beside dj-stripe."""

from django.db import models


class BillingAccount(models.Model):
    """dj-stripe's subscriber: one per user, keyed by the MongoDB user id (a string)."""

    user_id = models.CharField(max_length=24, unique=True)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
