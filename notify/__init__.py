"""Notifications: the outbox, life-cycle rules, consent, the scan and the dispatcher.

    enqueue / cancel_pending            a business change queues or withdraws its notice (outbox.py)
    read_rules()                        the reviewed rules file (rules.py, data/rules.yaml)
    record_verified_id_number, ...      what Yimen knows of a citizen (facts.py)
    subscribe / unsubscribe / ...       consent (consent.py)
    scan_due / dispatch_due / dispatch_run  the engine (scan.py, dispatch.py; tasks.py schedules them)
"""

from .consent import (
    ALL,
    add_grants,
    note_message,
    subscribe,
    subscribed_topics,
    unsubscribe,
    within_window,
)
from .dispatch import Dispatcher, DispatchReport, dead_letters, dispatch_due, dispatch_run, record_delivery, resend
from .facts import BadIdNumber, forget_facts, read_id_number, record_date_fact, record_verified_id_number
from .outbox import cancel_pending, enqueue, outbox_backlog, pending_of
from .rules import TOPIC_NAMES, Rule, RulesError, RulesFile, read_rules, shipped_rules, topics_of
from .scan import ScanReport, scan_due
from .tasks import dispatch_task, scan_task

__all__ = [
    "ALL", "TOPIC_NAMES", "BadIdNumber", "DispatchReport", "Dispatcher", "Rule", "RulesError", "RulesFile",
    "ScanReport", "add_grants", "cancel_pending", "dead_letters", "dispatch_due", "dispatch_run", "dispatch_task",
    "enqueue",
    "forget_facts", "note_message", "outbox_backlog", "pending_of", "read_id_number", "read_rules", "record_date_fact",
    "record_delivery", "record_verified_id_number", "resend", "scan_due", "scan_task", "shipped_rules",
    "subscribe", "subscribed_topics", "topics_of", "unsubscribe", "within_window",
]
