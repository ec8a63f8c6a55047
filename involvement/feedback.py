"""Feedback on how involvement felt: asked when an involvement ends, answered apart from identity,
seen by organisations and staff only as released, perturbed, thresholded counts.

The questions follow the 4Pi Impact standard's "how did everyone feel about the process of
involvement?" and what people who take part say goes wrong most (late pay, never hearing back).

Disclosure control reuses Presence's (core/perturbation.py and core/periods.py, decision 0005) and keeps its
structure smaller, because feedback has two scopes only (the network and each organisation) and
no "involved" column (docs/decisions/0015):
1. Released, not live: a quarter's figures are worked out once, RELEASE_AFTER its end, kept in
   FeedbackRelease and never recomputed. An answer belongs to the quarter it was given in, so it
   never joins figures already out. Years are not offered: a year less its quarters would be
   a difference.
2. Every table (an organisation's answers in the quarter, or the network's) needs THRESHOLD
   different people. The network is published only if the answers in no published
   organisation come from none or at least THRESHOLD people; else the smallest published
   organisation is hidden too (rule 4 of decision 0005).
3. Every count is perturbed with the cell key (core.perturbation.perturbed): a count below
   THRESHOLD and a true zero both show as hidden.
4. Free text goes to NSUN staff only, never to organisations.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.emails import absolute_url, queue_templated_email
from core.periods import RELEASE_AFTER, Period, quarter_of, recent_periods
from core.perturbation import THRESHOLD, perturbed, respondent_key
from involvement.models import FeedbackRelease, FeedbackRequest, FeedbackResponse

NETWORK = "network"

# (field, question, ((value, answer), ...)) in the order asked. Blank means not answered.
QUESTIONS = (
    (
        "felt",
        "How did taking part feel?",
        (
            ("very_good", "Very good"),
            ("good", "Good"),
            ("mixed", "Mixed, or neither good nor bad"),
            ("poor", "Poor"),
            ("very_poor", "Very poor"),
        ),
    ),
    (
        "paid_on_time",
        "Were you paid on time?",
        (
            ("yes", "Yes, always"),
            ("sometimes", "Sometimes late"),
            ("no", "No, usually late"),
            ("not_paid", "I was not paid, or it was unpaid"),
        ),
    ),
    (
        "heard_what_changed",
        "Did you hear what changed because of your involvement?",
        (("yes", "Yes"), ("partly", "A little"), ("no", "No")),
    ),
    (
        "take_part_again",
        "Would you take part with this organisation again?",
        (("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")),
    ),
)
ANSWER_FIELDS = tuple(name for name, _, _ in QUESTIONS)
# How long answers are kept: two years of quarters is enough for every release and for staff
# to read the free text (docs/data_protection.md). Released figures stay: they are not personal.
RESPONSE_RETENTION_DAYS = 2 * 366


class FeedbackError(Exception):
    """A questionnaire that cannot be answered (already answered, not ended); str() is plain."""


# Writes ---------------------------------------------------------------------------------------


def feedback_request_send(*, involvement):
    """Ask the member, once, how the ended involvement felt: a FeedbackRequest and an email
    after commit. Nothing for an involvement without a member (the account was deleted).
    Returns the FeedbackRequest or None."""
    member = involvement.member
    if member is None or involvement.is_active:
        return None
    feedback_request, created = FeedbackRequest.objects.get_or_create(involvement=involvement)
    if created:
        queue_templated_email(
            template="involvement_feedback",
            context={
                "involvement": involvement,
                "opportunity": involvement.opportunity,
                "feedback_url": absolute_url(f"/account/involvement/{involvement.pk}/feedback/"),
            },
            to=[member.email],
        )
    return feedback_request


def respondent_for(member):
    """(respondent, record key) of a member's feedback: keyed apart from Presence's, so feedback
    and equality answers cannot be joined person by person (core.perturbation.respondent_key)."""
    return respondent_key(member_id=member.pk, purpose="involvement-feedback-respondent")


def feedback_submit(*, feedback_request, answers, member, today=None):
    """Keep one questionnaire's `answers` ({field: value or "", "anything_else": text}) apart
    from identity, and mark the request answered. Raises FeedbackError when it was answered
    already or belongs to someone else."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = FeedbackRequest.objects.select_for_update().get(pk=feedback_request.pk)
        involvement = locked.involvement
        if involvement.member_id != member.pk:
            raise FeedbackError("This questionnaire is not yours.")
        if locked.answered:
            raise FeedbackError("You have already answered this questionnaire. Thank you.")
        respondent, record_key = respondent_for(member)
        response = FeedbackResponse(
            organisation_id=involvement.organisation_id,
            quarter=quarter_of(today),
            respondent=respondent,
            record_key=record_key,
            recorded_month=today.replace(day=1),
            anything_else=answers.get("anything_else", ""),
            **{name: answers.get(name, "") for name in ANSWER_FIELDS},
        )
        response.full_clean()
        response.save()
        locked.answered = True
        locked.save(update_fields=["answered"])
    feedback_request.answered = True
    return response


def feedback_forget_member(*, member):
    """Before an account goes: the answers they gave are erased (found by the keyed hash).
    Released figures stay: they are perturbed counts of at least THRESHOLD people."""
    respondent, _ = respondent_for(member)
    FeedbackResponse.objects.filter(respondent=respondent).delete()


def feedback_apply_retention(*, today=None):
    """Delete answers older than RESPONSE_RETENTION_DAYS; returns how many went."""
    today = today or timezone.localdate()
    cutoff = today - timezone.timedelta(days=RESPONSE_RETENTION_DAYS)
    deleted, _ = FeedbackResponse.objects.filter(recorded_month__lt=cutoff).delete()
    return deleted


# Releases -------------------------------------------------------------------------------------


def _cells(rows):
    """Published figures of one table: answers' count and per question, per answer value,
    each perturbed (None = hidden)."""
    figures = {"answers": perturbed(len(rows), sum(row["record_key"] for row in rows))}
    for name, _, choices in QUESTIONS:
        counts, keys = Counter(), Counter()
        for row in rows:
            counts[row[name]] += 1
            keys[row[name]] += row["record_key"]
        figures[name] = {value: perturbed(counts[value], keys[value]) for value, _ in choices}
    return figures


def compute_release(quarter):
    """{scope: figures or None (not published)} for one quarter's answers; see the module's
    rules. Scopes: "network" and "organisation:<pk>"."""
    rows = list(
        FeedbackResponse.objects.filter(quarter=quarter).values(
            "organisation_id", "respondent", "record_key", *ANSWER_FIELDS
        )
    )
    by_org = defaultdict(list)
    for row in rows:
        by_org[row["organisation_id"]].append(row)

    def people(group):
        return {row["respondent"] for row in group}

    published = {pk for pk, group in by_org.items() if pk and len(people(group)) >= THRESHOLD}
    while True:
        remainder = people([row for row in rows if row["organisation_id"] not in published])
        if not remainder or len(remainder) >= THRESHOLD or not published:
            break
        # The answers outside published organisations would single out fewer than THRESHOLD
        # people by difference: the smallest published organisation gives way.
        published.discard(min(published, key=lambda pk: (len(people(by_org[pk])), pk)))
    figures = {
        f"organisation:{pk}": _cells(group) if pk in published else None
        for pk, group in by_org.items()
        if pk
    }
    figures[NETWORK] = _cells(rows) if len(people(rows)) >= THRESHOLD else None
    return figures


def release_for(quarter, *, today=None):
    """The FeedbackRelease of a quarter ("2026-Q3"), made on first asking once the quarter is
    released (RELEASE_AFTER its end); None before. Never recomputed."""
    today = today or timezone.localdate()
    period = Period(quarter, (quarter,))
    if today < period.end + RELEASE_AFTER:
        return None
    release = FeedbackRelease.objects.filter(period=quarter).first()
    if release is not None:
        return release
    try:
        with transaction.atomic():
            return FeedbackRelease.objects.create(period=quarter, figures=compute_release(quarter))
    except IntegrityError:  # made at the same moment by another request
        return FeedbackRelease.objects.get(period=quarter)


def released_quarters(today=None, count=4):
    """The newest `count` quarters already released on `today`, newest first."""
    today = today or timezone.localdate()
    labels = [label for label in recent_periods(today, quarters=count + 2) if "-Q" in label]
    return [label for label in labels if today >= Period(label, (label,)).end + RELEASE_AFTER][
        :count
    ]


# Reads for pages and reports --------------------------------------------------------------------


@dataclass
class Answer:
    label: str
    count: int | None  # perturbed; None = hidden


@dataclass
class Question:
    text: str
    answers: list


@dataclass
class ScopeFigures:
    period: str
    published: bool
    answers: int | None = None
    questions: tuple = ()


def scope_figures(release, scope):
    """What a page shows for one scope in one release (a ScopeFigures)."""
    figures = release.figures.get(scope)
    if not figures:
        return ScopeFigures(period=release.period, published=False)
    return ScopeFigures(
        period=release.period,
        published=True,
        answers=figures["answers"],
        questions=[
            Question(text, [Answer(label, figures[name].get(value)) for value, label in choices])
            for name, text, choices in QUESTIONS
        ],
    )


def organisation_feedback(organisation, *, today=None):
    """The released feedback of one organisation, newest quarter first: [ScopeFigures]."""
    scope = f"organisation:{organisation.pk}"
    releases = [release_for(label, today=today) for label in released_quarters(today)]
    return [scope_figures(release, scope) for release in releases if release is not None]


def network_feedback(*, today=None):
    """Staff: [(ScopeFigures for the network, [(organisation title, ScopeFigures)])] a quarter."""
    from opportunities.models import OrganisationPage

    titles = dict(OrganisationPage.objects.values_list("pk", "title"))
    result = []
    for label in released_quarters(today):
        release = release_for(label, today=today)
        organisations = sorted(
            (
                (titles.get(int(scope.split(":")[1]), "An organisation since removed"),
                 scope_figures(release, scope))
                for scope in release.figures
                if scope != NETWORK
            ),
            key=lambda item: item[0],
        )  # fmt: skip
        result.append((scope_figures(release, NETWORK), organisations))
    return result


def free_text_for_staff(*, quarter):
    """NSUN staff only: the "anything else" answers of a released quarter, by organisation,
    newest first, never with who gave them. [(organisation title, [text])]."""
    from opportunities.models import OrganisationPage

    titles = dict(OrganisationPage.objects.values_list("pk", "title"))
    grouped = defaultdict(list)
    rows = (
        FeedbackResponse.objects.filter(quarter=quarter)
        .exclude(anything_else="")
        .order_by("-recorded_month", "organisation_id")
        .values_list("organisation_id", "anything_else")
    )
    for organisation_id, text in rows:
        grouped[titles.get(organisation_id, "An organisation since removed")].append(text)
    return sorted(grouped.items())


def report_figures(*, organisation, period):
    """Feedback figures for involvement_report's row: released quarters only, as published.
    Keys feedback_answers and feedback_<question>_<answer> (perturbed counts, None = hidden or
    not released), and feedback_note saying which."""
    keys = {"feedback_answers": None}
    for name, _, choices in QUESTIONS:
        for value, _ in choices:
            keys[f"feedback_{name}_{value}"] = None
    if period.is_year:
        return {**keys, "feedback_note": "Feedback is released per quarter only."}
    release = release_for(period.label)
    if release is None:
        return {**keys, "feedback_note": f"Released from {period.end + RELEASE_AFTER}."}
    figures = release.figures.get(f"organisation:{organisation.pk}")
    if not figures:
        return {**keys, "feedback_note": f"Fewer than {THRESHOLD} people answered."}
    keys["feedback_answers"] = figures["answers"]
    for name, _, choices in QUESTIONS:
        for value, _ in choices:
            keys[f"feedback_{name}_{value}"] = figures[name].get(value)
    return {**keys, "feedback_note": ""}
