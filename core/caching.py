"""Small public values every page shows (menus, site settings, section pages, taxonomy choices),
kept in each process's memory and thrown away the moment published content changes.

Each value lives in the per-process `pages` cache (LocMem) under a key that carries the content
version. The version is one random token in the shared `default` cache (the database in
production), read once per request; publishing, unpublishing, moving or deleting a page, and
saving site settings, sites or taxonomy terms, write a new token, so every process's next
request computes the values afresh. Decision 0013 says why this beats keeping each value in the
shared cache. Only values that are the same for every visitor belong in `pages`: nothing about
the person asking. A member's own answers go in `member_pages` (cached_for_member), a minute at
most, keyed by the member and a fingerprint of what they told us.
"""

import contextvars
import dataclasses
import hashlib
import json
import re
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import Community, Topic

VERSION_KEY = "content-version"

# The version read by this request, so a page reads the shared cache once however many values
# it shows. Outside a request (commands, the task worker) it is read every time.
_request_version = contextvars.ContextVar("content_version", default=None)


def content_version():
    """The current content version (a hex string) from the shared cache, made if missing."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    if memo is not None:
        memo["version"] = version
    return version


def _new_version():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    memo = _request_version.get()
    if memo is not None:
        memo["version"] = version


def content_changed():
    """Make every process compute the cached values again, and every shared page afresh.

    Saving, publishing, moving or deleting a page calls it through signals; a service that
    changes what a public page shows without saving a page (a queryset update(), a row the page
    reads) must call it itself. Called at once, so this transaction's own later reads see the change, and again after
    commit, so a process that read the old rows in between cannot keep them under the new
    version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def cached_for_content(name, compute):
    """compute()'s value, computed once per process and content version.

    name: a key unique to the value and whatever it depends on (site id, date); compute: a
    function of no arguments returning something picklable.
    """
    key = f"{name}:{content_version()}"
    store = caches["pages"]
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value)
    return value


def cached_card(name, made_from, render):
    """render()'s HTML for one result card, made once per process for the same name (the card's
    template and page id), made_from (everything else the card shows that the page's row does
    not hold: the site its links are relative to, a heading level, a rounded distance), content
    version and date. Publishing, closing or verifying anything renews the version, and the date
    keeps what a card says about today (a schedule's next meeting) right after midnight.

    Only for what is the same for every visitor: never the person asking, their form token or
    what they saved.
    """
    today = timezone.localdate().isoformat()
    return cached_for_content(f"card:{name}:{today}:{fingerprint(made_from)}", render)


class ContentVersionMiddleware:
    """Reads the content version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


class SiteFromMemoryMiddleware:
    """Finds a GET's Wagtail site, its site root paths and the page its path routes to in this
    process's memory, each kept under the content version, which saving, publishing, moving or
    deleting any site or page renews. Wagtail would ask the database on every request: which
    site answers the host (`Site.find_for_request`: a query with a CASE ordering, about 2.5 ms
    of a signed-in page's 9 here), the site root paths for every page URL (a row of the
    `default` cache, the database in production), and for routing one query per level of the
    path plus each page's `.specific` (three queries for /opportunities/). After
    CommonMiddleware, so the host has been checked against ALLOWED_HOSTS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not hasattr(request, "_wagtail_site"):
            # The host and port Wagtail's own lookup uses (wagtail.models.sites).
            host = f"{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
            name = f"site:{hashlib.sha256(host.encode()).hexdigest()}"
            # Wagtail keeps its answers on the request under these names and reads them there.
            request._wagtail_site = cached_for_content(
                name, lambda: Site._find_for_request(request)
            )
            request._wagtail_cached_site_root_paths = cached_for_content(
                "site-root-paths", Site.get_site_root_paths
            )
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        match = request.resolver_match
        site = getattr(request, "_wagtail_site", None)
        if match is None or match.url_name != "wagtail_serve" or site is None:
            return None
        if request.method not in ("GET", "HEAD") or hasattr(request, "_wagtail_route_for_request"):
            return None
        path = args[0] if args else kwargs.get("path", "")
        # Only a page that was found is kept, so made-up paths cannot crowd out the rest.
        key = f"route:{site.pk}:{hashlib.sha256(path.encode()).hexdigest()}:{content_version()}"
        store = caches["pages"]
        route = store.get(key)
        if route is None:
            route = Page.route_for_request(request, path)
            if route is not None:
                store.set(key, route)
        request._wagtail_route_for_request = route
        return None


def on_content_saved_or_deleted(sender, **kwargs):
    """Receiver for Django's and Wagtail's signals about pages and the models cached here."""
    content_changed()


def connect_content_signals():
    """Pages (any save, publish, unpublish, move, delete), their view restrictions, sites, site
    settings and taxonomy."""

    def for_models(receiver, *models):
        def receive(sender, instance=None, **kwargs):
            # Site settings made with their defaults on first read change nothing shown.
            made_by_reading = kwargs.get("created") and isinstance(instance, BaseSiteSetting)
            if isinstance(instance, models) and not made_by_reading:
                receiver(sender, instance=instance, **kwargs)

        return receive

    cached_models = (Page, PageViewRestriction, Site, BaseSiteSetting, Topic, Community)
    receive = for_models(on_content_saved_or_deleted, *cached_models)
    for signal in (post_save, post_delete):
        signal.connect(receive, weak=False, dispatch_uid=f"network_content_{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_content_saved_or_deleted, dispatch_uid=f"network_content_{id(signal)}")


# Whole answers for visitors with nothing of their own (decision 0013): a micro-cache in each
# process's memory, keyed by the full URL, the content version and today's date.
RESPONSE_CACHE = "responses"
RESPONSE_SECONDS = 60
_FORM_THAT_POSTS = re.compile(rb"<form[^>]*method=[\"']?post", re.IGNORECASE)
_NOT_SHARED = ("private", "no-store", "no-cache")


def same_for_every_visitor(view):
    """Marks a view whose GET answer depends on nothing but its URL and published content, so a
    visitor without a session may be given a copy made for another (PageResponseCacheMiddleware).
    Wagtail's page view is marked by its URL name instead."""
    view.same_for_every_visitor = True
    return view


def _shared_answer_key(request):
    """The cache key for this request's answer, or None when it may not share one."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(CookieStorage.cookie_name):
        return None  # signed in, or something waiting for them (messages, a form's progress)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    marked = getattr(match.func, "same_for_every_visitor", False)
    if not marked and match.url_name != "wagtail_serve":
        return None
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"answer:{content_version()}:{timezone.localdate().isoformat()}:{url}"


def _may_share(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a form token was put on the page
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _NOT_SHARED):
        return False
    return b"csrfmiddlewaretoken" not in response.content and not _FORM_THAT_POSTS.search(
        response.content
    )


class PageResponseCacheMiddleware:
    """Keeps, for RESPONSE_SECONDS, the whole answer to a GET from a visitor with no session
    and no messages cookie, for Wagtail pages and views marked `same_for_every_visitor`, and
    gives it to the next such visitor asking for the same URL on the same day and content
    version. Publishing anything writes a new version, so the next request sees it.

    Shared only: 200s without cookies, form tokens, forms that post, or Cache-Control saying
    private. Sits inside the security, CSP and CORS middleware, which add their headers to each
    answer as it leaves, and before sessions, so a signed-in request is never looked up here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _shared_answer_key(request)
        if key is None:
            return self.get_response(request)
        store = caches[RESPONSE_CACHE]
        kept = store.get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if _may_share(request, response):
            store.set(key, (response.content, dict(response.items())), RESPONSE_SECONDS)
        return response


# One member's own answers (their matches), in the per-process `member_pages` cache: never the
# shared `default` cache, which production keeps in the database (decision 0013).
MEMBER_CACHE = "member_pages"
MEMBER_SECONDS = 60


def _plain(value):
    """value as JSON-ready data in one order, whatever order its sets and dicts were made in."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return sorted(([_plain(key), _plain(item)] for key, item in value.items()), key=json.dumps)
    if isinstance(value, set | frozenset):
        return sorted((_plain(item) for item in value), key=json.dumps)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


def fingerprint(*values):
    """A hex SHA-256 of the values (dataclasses, dicts, sets, lists, tuples, str, numbers, None),
    the same for equal values however their sets and dicts were built."""
    text = json.dumps(_plain(list(values)), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def cached_for_member(name, member, made_from, compute):
    """compute()'s value for this member, kept a minute (at most) in this process's memory.

    name: what the value is ("matches"); member: the signed-in user; made_from: the fingerprint()
    of everything compute() reads about the member, so any change to it is a new key; compute:
    a function of no arguments returning (value, keep), keep False when the value must not be
    reused (a stand-in answer while Elasticsearch is down). The key also carries the content
    version and today's date, so publishing, closing or verifying anything, and midnight, make
    the next request compute it afresh.
    """
    key = f"{name}:{member.pk}:{made_from}:{content_version()}:{timezone.localdate().isoformat()}"
    store = caches[MEMBER_CACHE]
    kept = store.get(key)
    if kept is not None:
        return kept
    value, keep = compute()
    if keep:
        store.set(key, value, MEMBER_SECONDS)
    return value
