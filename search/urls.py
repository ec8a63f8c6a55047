from django.urls import path

from search import views

urlpatterns = [
    path("account/matches/", views.matches, name="matches"),
    path("account/alerts/", views.alerts_manage, name="alerts_manage"),
    path("account/alerts/save-search/", views.saved_search_create, name="saved_search_create"),
    path(
        "alerts/unsubscribe/<str:token>/",
        views.alerts_unsubscribe,
        name="alerts_unsubscribe",
    ),
]
