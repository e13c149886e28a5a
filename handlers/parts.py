"""The parts of the project that core/ is handed: every folder's tables and background tasks.

core/ imports no other folder, so the lists are written out here, beside the app factory, and
passed to `open_database(url, MODEL_MODULES)` and `declare_jobs(settings, clock, tasks=TASKS)`
by the app, the worker and the commands that open the database.
"""

from __future__ import annotations

from appointments.tasks import no_shows_task
from core.jobs import DeclareTask
from notify.tasks import dispatch_task, scan_task
from progress.tasks import supervise_task

# Every folder that owns tables lists its models module here.
MODEL_MODULES = (
    "catalog.models",
    "bot.models",
    "appointments.models",
    "notify.models",
    "progress.models",
    "identity.citizens",
    "identity.robot_devices",
    "prechecks.models",
    "identity.staff",
    "identity.staff_actions",
    "core.remembered",
    "lifeevents.models",
)

TASKS: tuple[DeclareTask, ...] = (no_shows_task, supervise_task, scan_task, dispatch_task)
