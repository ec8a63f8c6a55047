from django.urls import path

from opportunities import portal_views, views
from opportunities.feeds import NewOpportunitiesFeed, opportunities_json_feed

portal_patterns = (
    [
        path("", portal_views.portal_home, name="home"),
        path(
            "organisations/register/",
            portal_views.organisation_register,
            name="organisation_register",
        ),
        path(
            "organisations/<id:organisation_id>/",
            portal_views.organisation_detail,
            name="organisation",
        ),
        path(
            "organisations/<id:organisation_id>/people/",
            portal_views.organisation_invite,
            name="organisation_invite",
        ),
        path(
            "organisations/<id:organisation_id>/people/<id:membership_id>/remove/",
            portal_views.membership_remove,
            name="membership_remove",
        ),
        path(
            "organisations/<id:organisation_id>/leave/",
            portal_views.organisation_leave,
            name="organisation_leave",
        ),
        path(
            "organisations/<id:organisation_id>/invitations/<id:invitation_id>/revoke/",
            portal_views.invitation_revoke,
            name="invitation_revoke",
        ),
        path("invitations/<str:token>/", portal_views.invitation, name="invitation"),
        path(
            "organisations/<id:organisation_id>/opportunities/new/",
            portal_views.opportunity_new,
            name="opportunity_new",
        ),
        path(
            "opportunities/<id:opportunity_id>/edit/<slug:step>/",
            portal_views.opportunity_edit,
            name="opportunity_edit",
        ),
        path(
            "opportunities/<id:opportunity_id>/check/",
            portal_views.opportunity_check,
            name="opportunity_check",
        ),
        path(
            "opportunities/<id:opportunity_id>/preview/",
            portal_views.opportunity_preview,
            name="opportunity_preview",
        ),
        path(
            "opportunities/<id:opportunity_id>/interest/",
            portal_views.opportunity_interest,
            name="opportunity_interest",
        ),
        path(
            "opportunities/<id:opportunity_id>/interest/tell-others/",
            portal_views.interest_tell_everyone_else,
            name="interest_tell_everyone_else",
        ),
        path(
            "opportunities/<id:opportunity_id>/close/",
            portal_views.opportunity_close,
            name="opportunity_close",
        ),
        path(
            "opportunities/<id:opportunity_id>/outcomes/",
            portal_views.opportunity_outcomes,
            name="opportunity_outcomes",
        ),
        path(
            "interest/<id:expression_id>/status/",
            portal_views.interest_update,
            name="interest_update",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("opportunities/feed/", NewOpportunitiesFeed(), name="opportunities_feed"),
    path("opportunities/feed.json", opportunities_json_feed, name="opportunities_json_feed"),
    path("opportunity/<id:opportunity_id>/", views.opportunity_by_id, name="opportunity_by_id"),
    path(
        "opportunity/<id:opportunity_id>/express-interest/",
        views.interest_express,
        name="interest_express",
    ),
    path("account/interest/", views.interest_mine, name="interest_mine"),
    path(
        "account/interest/<id:expression_id>/withdraw/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
]
