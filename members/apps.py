from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"
    member_data = {"what_you_are_looking_for": "members.data_rights.member_profile_data"}
