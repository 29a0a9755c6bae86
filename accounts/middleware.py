from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RequestSizeLimitMiddleware:
    """Answers 413 to a body over settings.MAX_REQUEST_BYTES before it is read.

    Django spools an upload to disk before any form can check its size, so
    the forms' 5 MB limits alone would let a 300 MB body fill the disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads an unreadable length as an empty body too
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _(
                    "This request is larger than the limit of %(limit)s. A resume "
                    "or an import file can be at most 5 MB."
                )
                % {"limit": filesizeformat(settings.MAX_REQUEST_BYTES)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Tells browsers and proxies not to keep what a signed-in user is shown.

    Every page behind the sign-in holds someone's contacts, notes or resume:
    a shared computer's back button, its disk cache or a caching proxy must
    not hand them to the next person. A view that already chose its own
    Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
