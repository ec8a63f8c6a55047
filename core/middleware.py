import logging

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.sections import SiteNotSetUp

logger = logging.getLogger(__name__)

CMS_PREFIX = "/cms/"


class StaffMfaMiddleware:
    """Guards the CMS: one way in (allauth's login), staff only, two-factor where required.

    Wagtail's own login form would bypass allauth's rate limits and two-factor step, so it is
    sent to allauth. Signed-in people who are not staff get a plain 403 instead of Wagtail's
    redirect to the login page, which would bounce straight back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(CMS_PREFIX):
            return self.get_response(request)
        if request.path.startswith(CMS_PREFIX + "login/"):
            return redirect(f"{reverse('account_login')}?next={CMS_PREFIX}")
        user = request.user
        if user.is_authenticated:
            if not user.has_perm("wagtailadmin.access_admin"):
                return render(request, "pages/core/cms_refused.html", status=403)
            if settings.STAFF_MFA_REQUIRED and not is_mfa_enabled(user):
                messages.info(request, "Set up two-factor authentication before using the CMS.")
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class SiteNotSetUpMiddleware:
    """A page that needs a section nobody has created answers 503 with a plain page, not a 500.

    The person is told to come back later; the log tells the operator to run setup_site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SiteNotSetUp):
            return None
        logger.error("%s (while serving %s)", exception, request.path)
        return render(request, "pages/core/not_set_up.html", status=503)


class RateLimitStatusMiddleware:
    """Pages that refused a request for going too fast answer 429 (RFC 6585), not 200.

    allauth refuses a sixth wrong password with a form error; members.adapters marks the request
    so the page, which still shows the form and its message, carries the right status.
    """

    retry_after_seconds = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "rate_limited", False) and response.status_code in (200, 400):
            response.status_code = 429
            response["Retry-After"] = str(self.retry_after_seconds)
        return response


class MethodNotAllowedPageMiddleware:
    """Opening an address that only takes a form (after signing in again, or from a bookmark)
    shows a page saying so, with a way back, instead of an empty 405. The Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.method != "GET" or response.content:
            return response
        referer = request.META.get("HTTP_REFERER", "")
        back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
        page = render(request, "405.html", {"back": back}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
