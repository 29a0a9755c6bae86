from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback, *args):
    """Return to the page a form was posted from (its `next`), if it is ours.

    Several pages post to the same action (the board and a contact's page both
    move a contact; the dashboard and a request's page both record answers);
    each should get the student back where they were. Anything that is not a
    path on this site goes to the fallback instead.
    """
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback, *args)
