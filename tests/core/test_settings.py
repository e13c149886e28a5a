import subprocess
import sys

import pytest

from core.settings import Settings, SettingsError

GOOD_AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def test_defaults_run_on_the_embedded_parts():
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite://var/")
    assert s.redis_url is None
    assert s.wechat_mode == "plain"


def test_reads_every_documented_variable():
    s = Settings.from_env({
        "WECHAT_TOKEN": "tok123", "WECHAT_APPID": "wx1234567890abcdef", "WECHAT_APPSECRET": "sec",
        "WECHAT_AES_KEY": GOOD_AES, "WECHAT_MODE": "safe", "WECHAT_API_BASE": "http://127.0.0.1:9",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/y", "REDIS_URL": "redis://127.0.0.1:6379/0",
        "YIMEN_HOST": "0.0.0.0", "YIMEN_PORT": "9000",
    })
    assert (s.wechat_token, s.wechat_mode, s.port, s.host) == ("tok123", "safe", 9000, "0.0.0.0")
    assert s.redis_url == "redis://127.0.0.1:6379/0"
    assert "sec" not in repr(s) and GOOD_AES not in repr(s)  # secrets stay out of logs


def test_the_aes_key_is_decoded_once_and_the_robot_window_is_read():
    s = Settings.from_env({"WECHAT_AES_KEY": GOOD_AES, "WECHAT_MODE": "safe", "YIMEN_ROBOT_TIMESTAMP_WINDOW": "60"})
    assert len(s.wechat_aes_key_bytes) == 32 and s.robot_timestamp_window == 60
    assert Settings().wechat_aes_key_bytes == b"" and Settings().robot_timestamp_window == 300


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"WECHAT_MODE": "secure"}, "WECHAT_MODE"),
        ({"WECHAT_MODE": "safe"}, "WECHAT_AES_KEY"),  # safe mode without a key
        ({"WECHAT_AES_KEY": "short"}, "WECHAT_AES_KEY"),
        ({"WECHAT_AES_KEY": "!" * 43}, "WECHAT_AES_KEY"),
        ({"WECHAT_TOKEN": "has space"}, "WECHAT_TOKEN"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"YIMEN_PORT": "eighty"}, "YIMEN_PORT"),
        ({"YIMEN_PORT": "70000"}, "YIMEN_PORT"),
        ({"WECHAT_API_BASE": "ftp://x"}, "WECHAT_API_BASE"),
        ({"YIMEN_ROBOT_TIMESTAMP_WINDOW": "0"}, "YIMEN_ROBOT_TIMESTAMP_WINDOW"),
        ({"YIMEN_ROBOT_TIMESTAMP_WINDOW": "soon"}, "YIMEN_ROBOT_TIMESTAMP_WINDOW"),
        ({"YIMEN_STAFF_TOKEN": "short-staff-token"}, "YIMEN_STAFF_TOKEN"),  # 17 characters
        ({"YIMEN_STAFF_TOKEN": "x" * 201}, "YIMEN_STAFF_TOKEN"),
        ({"YIMEN_REFUSALS_PER_IP": "0"}, "YIMEN_REFUSALS_PER_IP"),
        ({"YIMEN_TRUSTED_PROXIES": "10.0.0.1, nginx"}, "YIMEN_TRUSTED_PROXIES"),
        ({"YIMEN_KEEPALIVE_TIMEOUT": "0"}, "YIMEN_KEEPALIVE_TIMEOUT"),
    ],
)
def test_a_malformed_setting_names_its_variable(env, names):
    with pytest.raises(SettingsError, match=names):
        Settings.from_env(env)


def test_serve_stops_with_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "main.py", "serve"],
        env={"WECHAT_MODE": "secure", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WECHAT_MODE" in lines[0]


def test_a_staff_token_of_20_to_200_characters_is_accepted():
    assert Settings.from_env({"YIMEN_STAFF_TOKEN": "s" * 20}).staff_token == "s" * 20
    assert Settings.from_env({"YIMEN_STAFF_TOKEN": "s" * 200}).staff_token == "s" * 200
    assert Settings.from_env({}).staff_token == ""


def test_repr_and_str_hide_every_secret_and_the_passwords_inside_urls():
    s = Settings.from_env({
        "WECHAT_TOKEN": "tokSecret42", "WECHAT_APPSECRET": "appSecret42", "WECHAT_AES_KEY": GOOD_AES,
        "YIMEN_STAFF_TOKEN": "staffSecret42-staffSecret42", "YIMEN_ROBOT_KEY_SECRET": "robotSecret42-robot",
        "DATABASE_URL": "postgres://yimen:dbPass42@db.internal:5432/yimen",
        "REDIS_URL": "redis://:redisPass42@cache.internal:6379/0",
    })
    for shown in (repr(s), str(s)):
        for secret in ("tokSecret42", "appSecret42", GOOD_AES, "staffSecret42", "robotSecret42", "dbPass42",
                       "redisPass42"):
            assert secret not in shown, secret
        assert "postgres://yimen:***@db.internal:5432/yimen" in shown
        assert "redis://:***@cache.internal:6379/0" in shown
    assert s.database_url == "postgres://yimen:dbPass42@db.internal:5432/yimen"  # the value itself is intact


def test_the_door_settings_are_read():
    s = Settings.from_env({"YIMEN_REFUSALS_PER_IP": "5", "YIMEN_TRUSTED_PROXIES": "10.0.0.1, 172.16.0.0/12,::1",
                           "YIMEN_KEEPALIVE_TIMEOUT": "7.5"})
    assert s.refusals_per_ip == 5 and s.keepalive_timeout == 7.5
    assert [str(n) for n in s.trusted_proxies] == ["10.0.0.1/32", "172.16.0.0/12", "::1/128"]
    d = Settings()
    assert (d.refusals_per_ip, d.trusted_proxies, d.keepalive_timeout) == (20, (), 15.0)


def test_the_mini_program_has_its_own_app_or_the_accounts_and_dispatch_bounds_are_checked() -> None:
    own = Settings.from_env({"WECHAT_APPSECRET": "oa-secret", "WECHAT_MINI_APPID": "wx1111",
                             "WECHAT_MINI_APPSECRET": "mini-secret"})
    assert (own.mini_appid, own.mini_appsecret) == ("wx1111", "mini-secret") and "mini-secret" not in repr(own)
    shared = Settings.from_env({"WECHAT_APPID": "wx0000", "WECHAT_APPSECRET": "oa-secret"})
    assert (shared.mini_appid, shared.mini_appsecret) == ("wx0000", "oa-secret")
    for name, bad in (("YIMEN_DISPATCH_CONCURRENCY", "0"), ("YIMEN_DISPATCH_CONCURRENCY", "101"),
                      ("YIMEN_DISPATCH_BATCH", "0"), ("YIMEN_DISPATCH_BATCH", "x")):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: bad})
