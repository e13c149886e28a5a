"""The life events' one form and the vault over HTTP: a kept ID card fills nothing unless the citizen
consents (`vault` with its id): then the fields left out are filled and the use logged once; another
citizen's file, a refused one and hostile ids are 422 `not_offered` / `invalid_input`, nothing submitted."""

from __future__ import annotations

from datetime import datetime

from core.clock import SHANGHAI
from lifeevents.models import BundleSubmission
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)
URL = "/api/v1/life-events/newborn/submissions"
WITHOUT_APPLICANT = {"hukou_case": "both_local", "child_name": "王小明", "child_sex": "男",
                     "child_birth_date": "2026-11-20", "birth_certificate_no": "Q440123456", "phone": "13800138000"}


async def kept_front(citizen: str, codes: tuple[str, ...] = ()) -> int:
    record = await PrecheckRecord.create(
        citizen=citizen, item="passport", kind="id_front", codes=list(codes), messages=[],
        read_fields={"name": "王大明", "id_number": "44060419900101123X"}, file_name="kept.jpg", created_at=MARCH)
    return record.id


async def test_the_vault_fills_the_form_only_with_consent_and_logs_it_once(client, login):
    me, other = await login(), await login("other-openid")
    auth = {"Authorization": f"Bearer {me['token']}"}
    mine = await kept_front(me["citizen_id"])
    silent = await client.post(URL, headers=auth, json={"answers": WITHOUT_APPLICANT})
    assert silent.status == 422 and "applicant_id_number" in (await silent.json())["error"]["message"]
    assert await VaultUse.all().count() == 0  # nothing taken from the vault without asking

    theirs = await kept_front(other["citizen_id"])
    blurred = await kept_front(me["citizen_id"], codes=("blurred",))
    for wrong in ([theirs], [blurred], [mine, 999_999]):
        refused = await client.post(URL, headers=auth, json={"answers": WITHOUT_APPLICANT, "vault": wrong})
        assert refused.status == 422 and (await refused.json())["error"]["code"] == "not_offered"
    for hostile in ([0], [-1], ["1 OR 1=1"], [2**40], list(range(1, 20)), "all"):
        bad = await client.post(URL, headers=auth, json={"answers": WITHOUT_APPLICANT, "vault": hostile})
        assert bad.status == 422, await bad.text()
    assert await VaultUse.all().count() == 0 and await BundleSubmission.all().count() == 0

    done = await client.post(URL, headers=auth, json={"answers": WITHOUT_APPLICANT, "vault": [mine]})
    assert done.status == 201, await done.text()
    row = await BundleSubmission.get(citizen=me["citizen_id"])
    assert (row.answers["applicant_name"], row.answers["applicant_id_number"]) == ("王大明", "44060419900101123X")
    assert [(u.record, u.item, u.door) for u in await VaultUse.all()] == [(mine, "form:newborn", "miniapp")]
    again = await client.post(URL, headers=auth, json={"answers": WITHOUT_APPLICANT})  # consented: fills again
    assert again.status == 201 and await VaultUse.all().count() == 1
