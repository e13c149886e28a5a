"""Who is talking: citizens across channels, their sessions, and the halls' robot devices."""

from .citizens import (
    Citizen,
    PushAddresses,
    citizen_for_mini_login,
    citizen_for_oa,
    oa_openid_of,
    push_addresses_of,
)
from .followers import Followers, UnionidJoins, citizen_of_follower
from .robot_devices import DeviceKeyError, RobotDevice, add_device, device_key, list_devices, remove_device
from .sessions import SESSION_TTL, citizen_of_session, close_session, open_session, session_key
from .staff import (
    ROLE_NAMES,
    ROLES,
    Role,
    Staff,
    StaffError,
    add_staff,
    check_password,
    issue_api_token,
    list_staff,
    staff_of_api_token,
)
from .staff_actions import ActionLine, recent_actions, record_action

__all__ = [
    "ROLES",
    "ROLE_NAMES",
    "ActionLine",
    "Role",
    "Staff",
    "StaffError",
    "add_staff",
    "check_password",
    "issue_api_token",
    "list_staff",
    "recent_actions",
    "record_action",
    "staff_of_api_token",
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
    "PushAddresses",
    "push_addresses_of",
    "open_session",
    "remove_device",
    "session_key",
]
