import pytest

from tests.factories import PASSWORD, UserFactory
from tests.staff import sign_in_staff

pytest_plugins = ["tests.smtp", "tests.browser"]


@pytest.fixture
def user(db):
    return UserFactory(email="owner@example.com", first_name="Olivia")


@pytest.fixture
def other_user(db):
    return UserFactory(email="stranger@example.com", first_name="Sam")


@pytest.fixture
def staff_user(db):
    return UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stranger_client(client, other_user):
    client.force_login(other_user)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    return sign_in_staff(client, staff_user)
