from django.apps import AppConfig

from core.demo_steps import DemoStep
from core.jobs import DailyJob
from core.search_types import SearchableType
from core.sections import Section


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "User-led groups and peer support"
    member_data = {"groups_you_look_after": "groups.selectors.member_groups_data"}
    site_search_types = (
        SearchableType(
            "group",
            "Groups and peer support",
            "Group or peer support",
            ("groups.GroupPage", "groups.PeerSupportPage"),
            20,
        ),
    )
    demo_builders = (DemoStep("groups.demo.build_groups_and_peer_support", order=110),)
    daily_jobs = (
        DailyJob(
            "groups.tasks.ask_listings_to_confirm",
            "listings asked whether they are still right",
        ),
    )

    def ready(self):
        from groups import receivers

        receivers.connect()

    site_sections = (
        Section(
            model="groups.DirectoryIndexPage",
            slug="groups",
            title="User-led groups",
            introduction="Groups run by and for people with lived experience, near you or online.",
            fields={"kind": "groups"},
        ),
        Section(
            model="groups.DirectoryIndexPage",
            slug="peer-support",
            title="Peer support",
            introduction="Peer-support sessions you can join: the day, time, place and how to "
            "join.",
            fields={"kind": "peer_support"},
        ),
    )
