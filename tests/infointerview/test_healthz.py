import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_without_login_and_writes_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert [q["sql"] for q in queries] == ["SELECT 1"]
    assert "Set-Cookie" not in response.headers
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_only_reads(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_reports_a_database_that_does_not_answer(client, monkeypatch):
    from django.db import DatabaseError

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "error"
