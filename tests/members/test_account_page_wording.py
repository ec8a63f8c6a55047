"""Account pages (allauth's, re-skinned) write titles, headings, labels and buttons in sentence case, as
the rest of the site does: "Sign in", not "Sign In"."""

import re

import pytest
from django.urls import reverse

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "account_logout",
    "mfa_index",
]
# Words that keep a capital letter in the middle of a heading.
PROPER = {"NSUN", "England", "I"}


def title_case_words(text):
    """Words after the first that start with a capital letter but are not names or acronyms."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return [
        word
        for word in words[1:]
        if word[0].isupper() and not word.isupper() and word not in PROPER
    ]


def headings_buttons_and_title(html):
    title = re.search(r"<title>(.*?) - ", html, re.S).group(1)
    main = html[html.index("<main") : html.index("</main>")]
    parts = [title]
    parts += re.findall(r"<h[12][^>]*>(.*?)</h[12]>", main, re.S)
    parts += re.findall(r"<button[^>]*>(.*?)</button>", main, re.S)
    parts += re.findall(r"<label[^>]*>(.*?)</label>", main, re.S)
    parts += re.findall(r'<a class="button[^"]*"[^>]*>(.*?)</a>', main, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in parts]


def test_account_pages_use_sentence_case(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    shouting = {}
    for name in ANONYMOUS_PAGES:
        for text in headings_buttons_and_title(client.get(reverse(name)).content.decode()):
            if title_case_words(text):
                shouting.setdefault(name, []).append(text)
    client.force_login(UserFactory())
    for name in SIGNED_IN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        for text in headings_buttons_and_title(response.content.decode()):
            if title_case_words(text):
                shouting.setdefault(name, []).append(text)
    assert not shouting, f"Title Case on account pages: {shouting}"


def test_the_sign_in_page_says_sign_in(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "<title>Sign in - " in " ".join(html.split()).replace("<title> ", "<title>")
    assert re.search(r"<h1>\s*Sign in\s*</h1>", html)
