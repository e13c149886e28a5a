async def test_healthz_reports_ready_with_the_shipped_catalog(client):
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok"
    assert body["items"] >= 1
