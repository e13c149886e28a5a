"""This folder's periodic job, for the project's taskiq broker (see appointments/tasks.py).

    supervise_task(broker)   every 30 minutes: flag applications at 80 % and past their promised date
"""

from __future__ import annotations

from typing import Annotated

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, Context, TaskiqDepends

from .supervision import flag_late_applications

SUPERVISE_SCHEDULE = [{"cron": "*/30 * * * *"}]


def supervise_task(broker: AsyncBroker) -> AsyncTaskiqDecoratedTask:
    """Declare `progress.flag_late_applications` on `broker`; it returns how many flags it raised."""

    @broker.task(task_name="progress.flag_late_applications", schedule=SUPERVISE_SCHEDULE)
    async def flag_late_applications_task(context: Annotated[Context, TaskiqDepends()]) -> int:
        flagged = await flag_late_applications(context.state.clock.now())
        return flagged.warning + flagged.overdue

    return flag_late_applications_task
