"""Where receipts are kept: a private folder that no URL serves.

Receipts live under PRIVATE_MEDIA_ROOT, apart from MEDIA_ROOT, so neither MEDIA_URL, the web
server nor whitenoise can ever serve them; the only way out is the receipt view, which checks who
is asking (involvement.views.receipt_download).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage with no URL: asking for one is a mistake, so it raises."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


def private_storage():
    """The storage for receipts (a callable, so migrations do not hold the folder's path)."""
    return PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
