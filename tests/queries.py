from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, **params):
    """How many SQL queries one GET of the page runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)
