"""Steps the alert tests share: publish and decide, run a decision's batches, who was told."""

from search.alerts import recipients
from search.models import AlertDelivery


def decide(page, capture):
    """Publish the page and decide its alerts as the queued task does; run no batch yet."""
    with capture(execute=False):
        page.save_revision().publish()
    with capture(execute=False) as queued:
        decision = recipients.alert_members_about(page.pk)
    return decision, queued


def run_batches(decision, capture):
    """Run the decision's batches one by one as the worker would; returns how many ran."""
    ran = 0
    while True:
        with capture(execute=False):
            recipients.record_alert_batch(decision.pk)
        ran += 1
        decision.refresh_from_db()
        if decision.finished_at:
            return ran
        assert ran < 100


def told(page):
    return dict(
        AlertDelivery.objects.filter(opportunity=page).values_list("member_id", "frequency")
    )
