from django.urls import path

from members import data_views, profile_views

urlpatterns = [
    path("account/looking-for/", profile_views.profile_edit, name="profile_edit"),
    path("account/your-data/", data_views.your_data, name="your_data"),
    path("account/your-data/download/", data_views.your_data_download, name="your_data_download"),
    path(
        "account/your-data/withdraw-monitoring/",
        data_views.withdraw_monitoring,
        name="withdraw_monitoring",
    ),
    path("account/delete/", data_views.delete_account, name="delete_account"),
]
