"""yimen_bookings_total counts a booking once: a retried request's replay is not another booking."""

from __future__ import annotations

from prometheus_client import REGISTRY

from appointments import book_slot

from .factories import at

NOW = at(2026, 11, 25, 10)
THU_9 = at(2026, 11, 26, 9)


def bookings(booked_by: str = "citizen") -> float:
    return REGISTRY.get_sample_value("yimen_bookings_total", {"booked_by": booked_by}) or 0.0


async def test_a_booking_counts_once_and_its_replay_not_at_all(db, center, id_card, rules):
    before = bookings()
    first = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    again = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    assert again.replayed and again.code == first.code
    assert bookings() == before + 1
