"""Progress: applications (办件) through 申请受理 → 承办 → 审核 → 批准 → 办结, their time limits in
working days, the departments' stage events and the append-only audit trail. Every function
takes `now` and refuses with a named `ProgressRefused` (errors.py: a stable `code`, no text).

    app = await open_application(item, hall, citizen, "hall", actor=Actor("staff", "s1"), now=now)
    app = await change_application(app.number, Change("审核", "in_progress", now), actor=..., now=now)
    answer, replayed = await receive_event("shebao", event, fingerprint, now=now)
    mine = await applications_of(citizen); one = await application_of(number, citizen)
"""

from .applications import (
    Actor,
    Application,
    Change,
    TrailLine,
    application_of,
    applications_at,
    applications_of,
    change_application,
    open_application,
    trail_of,
)
from .complaints import (
    CATEGORY_NAMES,
    Ticket,
    add_to_complaint,
    complaints,
    open_complaint,
    open_complaints_of,
    rate_application,
    reply_to_complaint,
)
from .deadlines import add_working_days, working_days_between
from .departments import DepartmentKeyError, add_department, department_key, event_signature
from .errors import (
    ApplicationClosed,
    ApplicationNotFound,
    BadTransition,
    ChangedMeanwhile,
    ComplaintAnswered,
    ComplaintNotFound,
    EventIdReused,
    ProgressRefused,
    StageBackwards,
    TrailIsAppendOnly,
    UnknownHall,
    UnknownItem,
)
from .events import DepartmentEventIn, receive_event
from .figures import Figures, figures
from .links import Together, open_together, waits_for_of
from .numbers import is_number
from .stages import STAGES, STATUS_NAMES, STATUSES, Stage, Status
from .supervision import Flagged, flag_late_applications, flagged_applications
from .tasks import supervise_task

__all__ = [
    "CATEGORY_NAMES", "STAGES", "STATUSES", "STATUS_NAMES", "Actor", "Application", "ApplicationClosed",
    "ApplicationNotFound", "BadTransition", "Change", "ChangedMeanwhile", "ComplaintAnswered", "ComplaintNotFound",
    "DepartmentEventIn", "DepartmentKeyError", "EventIdReused", "Figures", "Flagged", "ProgressRefused", "Stage",
    "StageBackwards", "Status", "Ticket", "Together", "TrailIsAppendOnly", "TrailLine", "UnknownHall", "UnknownItem",
    "add_department", "add_working_days", "application_of", "applications_at", "applications_of", "change_application",
    "complaints", "waits_for_of", "open_together",
    "department_key", "event_signature", "figures", "flag_late_applications", "flagged_applications", "is_number",
    "add_to_complaint", "open_application", "open_complaint", "open_complaints_of", "rate_application", "receive_event",
    "reply_to_complaint", "supervise_task", "trail_of", "working_days_between",
]
