"""The refusals of this folder: one class a reason, each with a stable machine `code` and the
values needed to word it, and no Chinese text (handlers/problems.py and the bot word them).

* ProgressRefused                 the base: every progress step refused
  x ApplicationNotFound           no such number, or not the asker's         not_found
  x UnknownItem                   the item is not in the catalog             unknown_item
  x UnknownHall                   the hall is not in the catalog             unknown_hall
  x StageBackwards                the stage asked for is behind the current  stage_backwards
  x ApplicationClosed             completed or rejected: nothing follows     closed
  x BadTransition                 the stage and status do not fit together   bad_transition
  x ChangedMeanwhile              a concurrent change won; try again         changed_meanwhile
  x EventIdReused                 a department reused an event id            event_id_reused
  x TrailIsAppendOnly             a trail row was asked to change            append_only
  x ComplaintNotFound             no such complaint                          not_found
  x ComplaintAnswered             the complaint has its reply already        closed
"""

from __future__ import annotations

from typing import ClassVar, Literal

RefusalCode = Literal[
    "not_found", "unknown_item", "unknown_hall", "stage_backwards", "closed", "bad_transition",
    "changed_meanwhile", "event_id_reused", "append_only",
]


class ProgressRefused(Exception):
    code: ClassVar[RefusalCode]


class ApplicationNotFound(ProgressRefused):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("no such application")  # the number is not repeated: it may be anyone's


class UnknownItem(ProgressRefused):
    code = "unknown_item"

    def __init__(self, item: str) -> None:
        super().__init__(f"no item {item}")
        self.item = item


class UnknownHall(ProgressRefused):
    code = "unknown_hall"

    def __init__(self, hall: str) -> None:
        super().__init__(f"no hall {hall}")
        self.hall = hall


class StageBackwards(ProgressRefused):
    code = "stage_backwards"

    def __init__(self, current: str, asked: str) -> None:
        super().__init__(f"cannot go back from {current} to {asked}")
        self.current, self.asked = current, asked


class ApplicationClosed(ProgressRefused):
    code = "closed"

    def __init__(self, status: str) -> None:
        super().__init__(f"the application is {status}")
        self.status = status


class BadTransition(ProgressRefused):
    code = "bad_transition"

    def __init__(self, stage: str, status: str, why: str) -> None:
        super().__init__(f"{stage}/{status}: {why}")
        self.stage, self.status, self.why = stage, status, why


class ChangedMeanwhile(ProgressRefused):
    code = "changed_meanwhile"

    def __init__(self, number: str) -> None:
        super().__init__(f"{number} changed meanwhile")
        self.number = number


class EventIdReused(ProgressRefused):
    code = "event_id_reused"

    def __init__(self, event_id: str) -> None:
        super().__init__(f"event id {event_id} was used for another event")
        self.event_id = event_id


class ComplaintNotFound(ProgressRefused):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("no such complaint")


class ComplaintAnswered(ProgressRefused):
    code = "closed"

    def __init__(self, complaint_id: int) -> None:
        super().__init__(f"complaint {complaint_id} is answered")
        self.complaint_id = complaint_id


class TrailIsAppendOnly(ProgressRefused):
    code = "append_only"

    def __init__(self) -> None:
        super().__init__("the audit trail is append-only")
