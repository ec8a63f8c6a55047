from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Community, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "group"
    menu_label = "Communities"
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomies"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = [TopicViewSet, CommunityViewSet]


register_snippet(TaxonomyViewSetGroup)
