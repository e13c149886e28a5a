"""Who is talking: citizens across channels, their sessions, and the halls' robot devices."""

from .citizens import Citizen, citizen_for_mini_login, citizen_for_oa, oa_openid_of
from .followers import Followers, UnionidJoins, citizen_of_follower
from .robot_devices import DeviceKeyError, RobotDevice, add_device, device_key, list_devices, remove_device
from .sessions import SESSION_TTL, citizen_of_session, close_session, open_session, session_key

__all__ = [
    "SESSION_TTL",
    "Citizen",
    "DeviceKeyError",
    "Followers",
    "RobotDevice",
    "UnionidJoins",
    "add_device",
    "citizen_for_mini_login",
    "citizen_for_oa",
    "citizen_of_follower",
    "citizen_of_session",
    "close_session",
    "device_key",
    "list_devices",
    "oa_openid_of",
    "open_session",
    "remove_device",
    "session_key",
]
