"""Errors the AI layer raises. Callers decide what to retry; the shared task policy retries every
``RetryableError``."""

from kernel.errors import RetryableError


class AIError(Exception):
    """Base class."""


class ProviderUnavailable(AIError, RetryableError):
    """Rate limited, 5xx, timed out, or the circuit breaker is open: worth retrying later."""


class CircuitOpen(ProviderUnavailable):
    """The circuit breaker is open: the provider is known to be down, so no request was made."""


class InvalidModelOutput(AIError, RetryableError):
    """The model answered, but not in the promised shape (after our own retries)."""


class TranscriptionUnavailable(AIError):
    """This provider cannot turn audio into text."""


class ProviderRejected(AIError):
    """The provider refused the request itself (bad key, bad request, policy): retrying will not help."""
