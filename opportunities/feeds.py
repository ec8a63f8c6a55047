from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from opportunities.selectors import latest_opportunities

FEED_LENGTH = 50


class NewOpportunitiesFeed(Feed):
    """An Atom feed of the newest open opportunities, for feed readers and partner sites."""

    feed_type = Atom1Feed
    title = "New involvement opportunities"
    subtitle = "The newest open involvement opportunities on the NSUN 4Pi Network."
    link = "/opportunities/"

    def items(self):
        return latest_opportunities(limit=FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary} Payment: {item.fee_text}. Format: {item.get_format_display()}."

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.get_parent().title

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
