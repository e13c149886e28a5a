"""Pre-check tables: each checked file (its result, the stripped copy's random name) and each reuse of the vault.

A record whose file was accepted (passed, or only its metadata removed, or passed by staff) and has not
expired is in the citizen's vault: another item's checklist counts it without a new photo.
"""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class PrecheckRecord(Model):
    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128, db_index=True)
    item = fields.CharField(max_length=64, null=True)  # the item it was sent for, if any
    kind = fields.CharField(max_length=16)  # id_front, id_back, licence, hukou, form, other
    codes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    messages: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # Personal data (the ID number, the name): stored whole for staff, masked in every list and answer.
    read_fields: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    file_name = fields.CharField(max_length=64, null=True)  # random, under uploads_dir; None: refused, not kept
    valid_until = fields.DateField(null=True)  # an ID card back's expiry; None: long-term or not a card
    override_verdict = fields.CharField(max_length=8, null=True)  # staff: pass | reject
    override_reason = fields.CharField(max_length=200, null=True)
    override_staff = fields.CharField(max_length=64, null=True)
    overridden_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "precheck_records"

    @property
    def accepted(self) -> bool:
        if self.override_verdict is not None:
            return self.override_verdict == "pass"
        return all(c == "strip_exif" for c in self.codes)


class VaultUse(Model):
    """One reuse of a kept material for another item (一次生成、多方复用), for the citizen and staff to see."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128, db_index=True)
    record = fields.IntField()
    item = fields.CharField(max_length=64)
    used_at = fields.DatetimeField()
    door = fields.CharField(max_length=16, default="")  # where the consent was given: wechat, miniapp, robot…

    class Meta:
        table = "precheck_vault_uses"
