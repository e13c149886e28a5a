import logging

from core.privacy import (
    MaskingFilter,
    mask_citizen_id,
    mask_id_number,
    mask_name,
    mask_openid,
    mask_phone,
    mask_text,
)


def test_masks_each_kind_of_personal_data():
    assert mask_id_number("440604199001011234") == "4406**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
    assert mask_openid("oAbCdEfGhIjKlMn") == "oAbC…Mn" and mask_openid("short") == "…"
    assert mask_citizen_id("c0123456789abcdef") == "c012****" and mask_citizen_id("c01") == "****"


def test_masks_numbers_inside_free_text_but_not_application_numbers():
    text = "我的身份证44060419900101123X，电话13812345678，办件BJ20261125000123"
    masked = mask_text(text)
    assert "44060419900101123X" not in masked and "4406**********123X" in masked
    assert "13812345678" not in masked and "138****5678" in masked
    assert "BJ20261125000123" in masked


def test_log_records_leave_masked(caplog):
    logger = logging.getLogger("yimen.test.privacy")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("citizen %s called", "13812345678")
    assert "13812345678" not in caplog.text and "138****5678" in caplog.text


def test_masks_tokens_signed_parameters_and_openids_and_escapes_control_characters():
    from core.privacy import escape_controls

    text = ("Authorization: Bearer abc.DEF-123 /wechat?signature=0c4f&timestamp=1&nonce=97&openid=oAbC1"
            ' {"openid": "oYmnT0penidCitizen000001abcd", "X-Signature": "ff00"} from oYmnT0penidCitizen000001abcd')
    masked = mask_text(text)
    assert "abc.DEF-123" not in masked and "Bearer ***" in masked
    assert "signature=***&timestamp=1&nonce=***&openid=***" in masked
    assert '"openid": "***"' in masked and '"X-Signature": "***"' in masked
    assert "oYmnT0penidCitizen000001abcd" not in masked and "oYmn…cd" in masked
    assert mask_text("open_database_connection_pool") == "open_database_connection_pool"
    assert escape_controls("/a\nGET /b\r\x1b[31m") == "/a\\nGET /b\\r\\x1b[31m"
