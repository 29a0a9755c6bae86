import pytest


@pytest.fixture
def student(user):
    """The student who asks: Maya, with a program, an interest, a telephone
    number and a mailing address, as a draft needs them."""
    user.first_name, user.last_name = "Maya", "Desjardins"
    user.program = "Arts Management"
    user.phone = "416-555-0142"
    user.mailing_address = "12 College St\nToronto ON  M5S 1A1"
    user.target_occupations = "theatre manager"
    user.save()
    return user
