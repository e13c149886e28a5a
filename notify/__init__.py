"""Notifications: the outbox now; rules, senders and delivery status later."""

from .outbox import cancel_pending, enqueue

__all__ = ["cancel_pending", "enqueue"]
