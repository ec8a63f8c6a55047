"""Signals members send, so other apps can follow changes without members importing them."""

from django.dispatch import Signal

# Sent after a member saves what they are looking for (kwargs: profile).
member_profile_changed = Signal()
