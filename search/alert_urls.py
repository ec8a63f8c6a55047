from django.urls import path

from search import alert_views

urlpatterns = [
    path("account/alerts/", alert_views.alerts_manage, name="alerts_manage"),
    path(
        "account/alerts/save-search/", alert_views.saved_search_create, name="saved_search_create"
    ),
    path(
        "alerts/unsubscribe/<str:token>/",
        alert_views.alerts_unsubscribe,
        name="alerts_unsubscribe",
    ),
]
