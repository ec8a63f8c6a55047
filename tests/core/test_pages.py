import pytest
from bs4 import BeautifulSoup

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def landmarks(html):
    soup = BeautifulSoup(html, "html.parser")
    return soup, {
        "skip_link": soup.select_one("a.skip-link[href='#main-content']"),
        "header": soup.find("header"),
        "nav": soup.find("nav", attrs={"aria-label": "Main"}),
        "main": soup.find("main", id="main-content"),
        "footer": soup.find("footer"),
    }


def test_home_page_renders_with_skip_link_and_landmarks(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    soup, found = landmarks(response.content.decode())
    assert all(found.values()), {name: bool(element) for name, element in found.items()}
    assert soup.find("html")["lang"] == "en-GB"
    assert soup.find("h1").get_text(strip=True) == home_page.title
    assert len(soup.find_all("main")) == 1


def test_standard_page_renders_with_breadcrumb_and_landmarks(client, home_page):
    page = StandardPage(title="About the network", slug="about", introduction="<p>Who we are.</p>")
    home_page.add_child(instance=page)
    page.save_revision().publish()

    response = client.get("/about/")

    assert response.status_code == 200
    soup, found = landmarks(response.content.decode())
    assert all(found.values())
    assert soup.find("h1").get_text(strip=True) == "About the network"
    assert soup.select_one("nav[aria-label='Breadcrumb'] [aria-current='page']") is not None


def test_every_page_offers_crisis_support(client, home_page):
    response = client.get("/")

    soup = BeautifulSoup(response.content, "html.parser")
    crisis_link = soup.find("a", string=lambda text: text and "Need help now?" in text)
    assert crisis_link["href"] == "/need-help-now/"
    help_page = client.get(crisis_link["href"]).content.decode()
    assert "116 123" in help_page
    assert "NHS 111" in help_page and "option 2" in help_page


def test_unknown_address_gets_a_helpful_404(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Need help now?" in response.content


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /cms/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_carry_a_content_security_policy_and_the_cms_is_left_to_wagtail(
    client, home_page
):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "Content-Security-Policy" not in client.get("/cms/login/").headers
