"""Exceptions every app's services share."""


class NotAllowed(Exception):
    """The action is not possible now; the message is fit to show to the person."""
