"""A photo sent to the official account after "帮我预审…": checked off the reply path.

The passive reply says "收到，正在核对…" (bot/conversation.py); here, in the background, the photo is
downloaded through wechat/ (media/get), checked in the app's process pool, kept (prechecks/vault.py), and
the one-time notice for the item in the dialog goes out as a customer-service message. When the vault
offers kept materials of other items, the notice asks for consent and the question is put on screen
(bot/reuse.py): the citizen's next message "同意复用" / "好" / "1" counts them.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.reuse import NUMBERED, await_consent, can_ask
from core.privacy import mask_openid
from prechecks import Due
from prechecks.notice import CHAT_CONSENT, notice_text
from prechecks.vault import checklist_for, keep
from progress import add_working_days
from wechat import PlatformError, PlatformUnavailable

from .keys import assistant_key, clock_key, precheck_pool_key, settings_key, wechat_key
from .wechat_pushes import push

log = logging.getLogger(__name__)
NOT_A_PHOTO = "这份文件没能打开，请直接拍照发送（JPG/PNG）。"
NO_DOWNLOAD = "抱歉，照片没能取到。请稍后重新发送这张照片。"


async def check_photo(app: web.Application, openid: str, citizen: str, media_id: str) -> None:
    assistant, client = app[assistant_key], app[wechat_key]
    async with assistant.dialogs.turn("wechat", citizen) as state:
        code, situation = state.item, state.situation
    item = assistant.catalog.items.get(code or "")
    if item is None:
        return  # the reply already asked what the citizen wants to do
    try:
        media = await client.download_media(media_id)
    except (PlatformError, PlatformUnavailable) as exc:
        log.warning("precheck photo of %s not downloaded: %s", mask_openid(openid), exc)
        await push(client, openid, [NO_DOWNLOAD])
        return
    if not media.content:
        await push(client, openid, [NOT_A_PHOTO])
        return
    now = app[clock_key].now()
    today = now.date()
    due = Due(today, add_working_days(today, item.promised_days), True)
    result, stripped = await app[precheck_pool_key].check_upload(media.content, due)
    if stripped is None:
        await push(client, openid, ["".join(result.messages)])
        return
    await keep(citizen, item.code, result, stripped, app[settings_key].uploads_dir, now)
    found = await checklist_for(citizen, item, situation, today, now)
    asked = False
    if found.offers:
        async with assistant.dialogs.turn("wechat", citizen) as state:
            asked = can_ask(state, item.code)
            if asked:
                await_consent(state, sorted(found.offered))
    await push(client, openid, [notice_text(item, situation, found, consent=NUMBERED if asked else CHAT_CONSENT)])
