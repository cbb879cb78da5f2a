def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/cuenta/ingresar/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_base_layout_has_no_inline_script(client, planner):
    client.force_login(planner)
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert '<script src="/static/js/app.js" defer></script>' in html
