from django.db import models
from django.utils import timezone


class IndexChange(models.Model):
    """An opportunity whose index entry must be written or removed (an outbox).

    Written in the same transaction as the change itself, so nothing is lost if Elasticsearch is
    down; a task works through it, retrying with back-off until the index has caught up.
    """

    class Action(models.TextChoices):
        INDEX = "index", "Write to the index"
        REMOVE = "remove", "Remove from the index"

    page_id = models.PositiveIntegerField(unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"{self.action} opportunity {self.page_id}"

