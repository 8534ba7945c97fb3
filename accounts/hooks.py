"""Hooks other apps connect to.

``personal_data_erasure`` is sent with ``user=`` just before an account is
deleted. Each app that keeps personal data outside a cascading foreign key
(stored files, the billing database) connects a receiver that removes it.
"""

from django.dispatch import Signal

personal_data_erasure = Signal()
