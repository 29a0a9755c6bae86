from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    ThankYouNoteFactory,
    TouchpointFactory,
)


def test_factories_build_a_consistent_journey(db):
    interview = InterviewFactory()
    assert interview.contact.owner == interview.owner
    assert (
        InterviewRequestFactory(owner=interview.owner).contact.owner == interview.owner
    )
    ThankYouNoteFactory(interview=interview)
    FollowUpFactory()
    TouchpointFactory()
    ContactFactory()
