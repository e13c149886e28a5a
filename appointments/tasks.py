"""This folder's periodic job, for the project's taskiq broker (InMemoryBroker by default).

The worker wiring puts `settings` (core.settings.Settings) and `clock` (core.clock.Clock) on the
broker's state at start-up (STYLE R3); the scheduler fires the job every five minutes.

    mark_no_shows_task = no_shows_task(broker)
"""

from __future__ import annotations

from typing import Annotated

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, Context, TaskiqDepends

from .noshows import mark_no_shows
from .rules import booking_rules

NO_SHOW_SCHEDULE = [{"cron": "*/5 * * * *"}]


def no_shows_task(broker: AsyncBroker) -> AsyncTaskiqDecoratedTask:
    """Declare `appointments.mark_no_shows` on `broker`; the task returns how many it marked."""

    @broker.task(task_name="appointments.mark_no_shows", schedule=NO_SHOW_SCHEDULE)
    async def mark_no_shows_task(context: Annotated[Context, TaskiqDepends()]) -> int:
        state = context.state
        return await mark_no_shows(state.clock.now(), booking_rules(state.settings.booking))

    return mark_no_shows_task
