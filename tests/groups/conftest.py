"""Directory pages the directory tests share."""

import pytest

from groups.models import DirectoryIndexPage


@pytest.fixture
def groups_directory(home_page):
    directory = DirectoryIndexPage(title="User-led groups", slug="groups", kind="groups")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    return directory


@pytest.fixture
def peer_directory(home_page):
    directory = DirectoryIndexPage(title="Peer support", slug="peer-support", kind="peer_support")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    return directory


def add(directory, model, title, topics=(), communities=(), **fields):
    """A published listing under the directory."""
    listing = model(title=title, description=fields.pop("description", f"About {title}."), **fields)
    directory.add_child(instance=listing)
    listing.topics.set(topics)
    listing.communities.set(communities)
    listing.save_revision().publish()
    return listing
