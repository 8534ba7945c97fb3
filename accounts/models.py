"""Users and the refresh tokens issued to them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_mongodb_backend.fields import ArrayField

from kernel.db.indexes import TTLIndex


class ExperienceLevel(models.TextChoices):
    INTERN = "intern", _("Intern")
    JUNIOR = "junior", _("Junior")
    MIDDLE = "middle", _("Middle")
    SENIOR = "senior", _("Senior")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("Users must have an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.pop("is_staff", None)
        fields.update(role=User.Role.ADMIN, is_superuser=True, is_email_verified=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        USER = "user", _("User")
        STAFF = "staff", _("Staff")
        ADMIN = "admin", _("Admin")

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.USER)
    target_role = models.CharField(_("target role"), max_length=120, blank=True)
    experience_level = models.CharField(
        _("experience level"), max_length=10, choices=ExperienceLevel.choices, blank=True
    )
    skills = ArrayField(models.CharField(max_length=50), default=list, blank=True, max_size=50)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    is_email_verified = models.BooleanField(_("email verified"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["-date_joined"]
        indexes = [
            # The admin's list sorts by -date_joined plus -pk (a total order), hence the trailing -id.
            models.Index(fields=["-date_joined", "-id"], name="user_joined_idx"),
            models.Index(fields=["role", "-date_joined", "-id"], name="user_role_idx"),
            models.Index(fields=["is_email_verified"], name="user_verified_idx"),
            models.Index(fields=["name"], name="user_name_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_staff(self) -> bool:
        """Admin access follows the role; there is no separate flag to drift."""
        return self.role in {self.Role.STAFF, self.Role.ADMIN}

    @property
    def language(self) -> str:
        return str(self.settings.get("language", "")) if isinstance(self.settings, dict) else ""


class IssuedRefreshToken(models.Model):
    """Every refresh token we issued, until it expires (TTL index).

    A token is usable while ``revoked_at`` is null; using it (rotation) or
    logging out sets ``revoked_at`` with a single conditional update, so two
    concurrent uses of one token cannot both succeed.
    """

    jti = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            TTLIndex(field="expires_at", name="refresh_token_ttl_idx"),
            models.Index(fields=["user", "revoked_at"], name="refresh_token_user_idx"),
        ]

    def __str__(self) -> str:
        return self.jti
