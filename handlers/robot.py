"""The halls' voice robots: POST /robot/v1/messages, signed by the device.

Headers: X-Device-Id, X-Timestamp (Unix seconds) and X-Signature, the hex HMAC-SHA256 of
`timestamp + "\\n" + body` under the device's key (identity/robot_devices.py). Refused: 401
when the headers are missing, 403 when the timestamp is more than YIMEN_ROBOT_TIMESTAMP_WINDOW (300)
seconds off, 403 `bad_signature` when the signature does not match (compared in constant time) or the
device is unknown — the same answer, so device ids cannot be enumerated.

Body: {"conversation_id", "text" (the recognised speech), "message_id"?}. Answer: `speech`, short
sentences to be spoken (handlers/robot_speech.py), `display`, the whole reply for the screen, and `audio`,
a base64 WAV of the speech when YIMEN_ROBOT_TTS=espeak-ng. A retried request (the same
message_id, or the same signature) gets the same answer. The device's registered hall goes into the
Inbound, so that the answer leads with it (本厅可以办理…).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import re

from aiohttp import web
from pydantic import BaseModel, Field

from bot import Inbound, Reply, respond
from identity import RobotDevice, device_key

from .keys import assistant_key, clock_key, memory_key, settings_key
from .miniapp.models import ReplyOut
from .miniapp.responses import model_response
from .once import answer_once, message_key
from .problems import api_error
from .robot_speech import speech_for
from .validation import Strict, read_json

log = logging.getLogger(__name__)

TIMESTAMP = re.compile(r"\d{1,12}")
SIGNATURE = re.compile(r"[0-9a-fA-F]{64}")
ANSWER_WAIT = 10.0  # seconds a retry waits for the first delivery's answer
TTS_TIMEOUT = 15.0
DUMMY_KEY = b"no such device, compared all the same"
SORRY = "抱歉，系统开小差了。请稍后再说一次，或请大厅工作人员帮忙。"


class RobotMessage(Strict):
    conversation_id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="one visitor's session at the kiosk")
    text: str = Field(max_length=500, description="what speech recognition heard; empty: nothing heard")
    message_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:-]{1,64}$")


class Audio(BaseModel):
    content_type: str = "audio/wav"
    base64: str


class RobotReply(BaseModel):
    speech: str
    display: ReplyOut
    audio: Audio | None = None


def signature(key: bytes, timestamp: str, body: bytes) -> str:
    return hmac.new(key, timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


async def signed_device(request: web.Request, body: bytes) -> RobotDevice:
    """The device of a correctly signed, fresh request; 401/403 otherwise."""
    device_id = request.headers.get("X-Device-Id", "")
    timestamp = request.headers.get("X-Timestamp", "")
    given = request.headers.get("X-Signature", "")
    if not (device_id and TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(given)):
        raise api_error(401, "unsigned", "缺少设备签名（X-Device-Id、X-Timestamp、X-Signature）。")
    found = await device_key(device_id, request.app[settings_key].robot_key_secret)
    key = found[1].encode() if found else DUMMY_KEY
    matches = hmac.compare_digest(signature(key, timestamp, body), given.lower())
    window = request.app[settings_key].robot_timestamp_window
    if abs(int(timestamp) - request.app[clock_key].now().timestamp()) > window:
        raise api_error(403, "stale_timestamp", "请求时间与服务器相差超过5分钟，请校准设备时钟。")
    if found is None or not matches:  # an unknown device answers as a forged signature: ids cannot be probed
        raise api_error(403, "bad_signature", "设备签名不正确，或设备未登记。请联系大厅工作人员。")
    return found[0]


async def synthesise(speech: str) -> bytes | None:
    """The speech as a WAV from espeak-ng (Mandarin voice); None when it cannot be made."""
    try:
        process = await asyncio.create_subprocess_exec(
            "espeak-ng", "-v", "cmn", "--stdout", "--stdin",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    except OSError as exc:
        log.warning("robot speech synthesis unavailable: %s", type(exc).__name__)
        return None
    try:
        wav, _ = await asyncio.wait_for(process.communicate(speech.encode()), TTS_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        log.warning("robot speech synthesis timed out")
        return None
    if process.returncode != 0 or not wav.startswith(b"RIFF"):
        log.warning("robot speech synthesis failed (exit %s)", process.returncode)
        return None
    return wav


async def post_message(request: web.Request) -> web.Response:
    body = await request.read()
    device = await signed_device(request, body)
    message = await read_json(request, RobotMessage)
    retry_id = message.message_id or hashlib.sha256(request.headers["X-Signature"].lower().encode()).hexdigest()[:32]
    inbound = Inbound(channel="robot", user=f"{device.id}:{message.conversation_id}", kind="voice",
                      message_id=retry_id, text=message.text, hall=device.hall)
    assistant, now = request.app[assistant_key], request.app[clock_key].now()

    async def produce() -> Reply:
        return await respond(inbound, assistant, now=now)

    try:
        key = message_key(inbound.channel, inbound.user, inbound.message_id, inbound.text)
        reply = await answer_once(key, request.app[memory_key], produce, wait=ANSWER_WAIT)
    except Exception:  # a bug must not leave the kiosk silent; the robot says so and the next try is redone
        log.exception("robot answer failed on device %s", device.id)
        reply = Reply.plain(SORRY)
    if reply is None:
        raise api_error(409, "request_in_progress", "上一条还在处理中，请稍后再试。", {"Retry-After": "1"})
    speech = speech_for(reply)
    audio = None
    if request.app[settings_key].robot_tts == "espeak-ng" and speech:
        wav = await synthesise(speech)
        audio = Audio(base64=base64.b64encode(wav).decode()) if wav else None
    return model_response(RobotReply(speech=speech, display=ReplyOut.of(reply), audio=audio))


routes = [web.post("/robot/v1/messages", post_message)]
