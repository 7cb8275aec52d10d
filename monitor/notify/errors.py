"""The two ways a delivery can fail: worth retrying later, or never."""

from __future__ import annotations


class DeliveryError(Exception):
    """Base of the errors a sender raises; the message is a short reason without secrets."""


class TransientDeliveryError(DeliveryError):
    """Network trouble, a busy server, a rate limit: the outbox retries with backoff."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help (address refused, bot blocked by the user): recorded as failed."""
