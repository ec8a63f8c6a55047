"""Who is NSUN staff, for the staff screens and reports in the CMS.

Staff hold the `core.nsun_staff` permission (given to the Moderators group by a migration, and to
superusers by Django). Every app's staff screen checks it here, so none depends on another app.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.base import BasePermissionPolicy

from core.models import SiteSettings
from core.text import clean_text

STAFF_PERMISSION = "core.nsun_staff"


def user_is_staff(user):
    """True when `user` (any user, signed in or not) is active and holds core.nsun_staff."""
    return bool(user and user.is_active and user.has_perm(STAFF_PERMISSION))


def require_staff(user):
    """Raises PermissionDenied unless `user` is NSUN staff."""
    if not user_is_staff(user):
        raise PermissionDenied


class StaffPermissionPolicy(BasePermissionPolicy):
    """Every action on a staff screen needs the one staff permission."""

    def user_has_permission(self, user, action):
        return user_is_staff(user)


staff_policy = StaffPermissionPolicy(SiteSettings)


class StaffReportView(ReportView):
    """A Wagtail report only staff see; exports clean text saved before core.text existed.

    A report that lists no `list_export` of its own exports every column, headed by its label.
    """

    permission_policy = staff_policy
    permission_required = "view"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        columns = cls.__dict__.get("columns")
        if columns and "list_export" not in cls.__dict__:
            cls.list_export = [column.name for column in columns]
            cls.export_headings = {column.name: column.label for column in columns}

    def preprocess_field_value(self, field, value, export_format):
        # openpyxl refuses control characters; a row saved before core.text would fail the export.
        value = super().preprocess_field_value(field, value, export_format)
        return clean_text(value) if isinstance(value, str) else value


class StaffMenuItem(MenuItem):
    """A CMS menu item shown to staff only."""

    def is_shown(self, request):
        return user_is_staff(request.user)
