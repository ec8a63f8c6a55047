"""Email addresses: every place that takes one refuses what cannot be sent (a 400 with the form
kept), and an address saved before that check never stops a page or the other emails."""

import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.email_addresses import validate_deliverable_email
from members.models import User
from opportunities.models import ExpressionOfInterest, OrganisationMembership
from tests.members.factories import UserFactory

UNDELIVERABLE = [
    "a@" + "é" * 60 + ".com",  # a label too long once encoded (IDNA)
    "a@" + ".".join(["İ" * 50] * 4) + ".com",
    "İ" * 60 + "@example.org",  # a local part that lower case makes longer, and not ASCII
    "y" * 300 + "@example.org",  # over RFC 5321's 254
    "o'neil@exa..mple.org",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    local=st.text(min_size=1, max_size=70).filter(lambda t: "@" not in t),
    domain=st.text(min_size=1, max_size=80).filter(lambda t: "@" not in t),
)
def test_every_address_accepted_can_be_put_in_an_email(local, domain):
    """The property behind the check: what it accepts, Django can address a message to."""
    address = f"{local}@{domain}"
    try:
        validate_deliverable_email(address)
    except ValidationError:
        return
    for form in {address, address.lower()}:
        sanitize_address(form, "utf-8")  # raises for what cannot be encoded


@pytest.mark.both_databases
@pytest.mark.django_db
@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_account_forms_refuse_addresses_that_cannot_be_sent_to(client, address):
    signup = client.post(
        "/accounts/signup/",
        {"email": address, "password1": "plenty-of-words-9", "password2": "plenty-of-words-9"},
    )
    assert signup.status_code == 400
    assert "Enter an email address" in signup.content.decode()
    assert not User.objects.exists()

    reset = client.post("/accounts/password/reset/", {"email": address})
    assert reset.status_code == 400

    client.force_login(UserFactory())
    added = client.post("/accounts/email/", {"email": address, "action_add": ""})
    assert added.status_code == 400
    assert User.objects.count() == 1


@pytest.mark.both_databases
@pytest.mark.django_db
@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_inviting_an_address_that_cannot_be_sent_to_is_a_plain_400(
    client, make_organisation, address
):
    admin = UserFactory()
    organisation = make_organisation("Riverside Voices")
    OrganisationMembership.objects.create(
        user=admin, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    client.force_login(admin)
    response = client.post(f"/portal/organisations/{organisation.pk}/people/", {"email": address})
    assert response.status_code == 400
    assert "Enter an email address" in response.content.decode()


@pytest.mark.django_db
def test_the_import_refuses_a_contact_address_that_cannot_be_sent_to(tmp_path, capsys):
    call_command("setup_site")
    example = Path("docs/examples/opportunities.jsonl").read_text().splitlines()[0]
    line = json.loads(example)
    line["contact_email"] = UNDELIVERABLE[0]
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps(line) + "\n")
    with pytest.raises(Exception, match="not imported"):
        call_command("import_opportunities", str(source))
    assert "contact_email: Enter an email address we can send to" in capsys.readouterr().err


@pytest.mark.django_db
def test_an_address_saved_before_the_check_never_stops_expressing_interest(
    after_commit, client, make_organisation, make_opportunity
):
    organisation = make_organisation("Riverside Voices")
    opportunity = make_opportunity(organisation, "Peer researcher")
    type(opportunity).objects.filter(pk=opportunity.pk).update(contact_email=UNDELIVERABLE[0])
    member = UserFactory()
    client.force_login(member)
    with after_commit():
        response = client.post(
            f"/opportunity/{opportunity.pk}/express-interest/",
            {"no_message": "on", "payment_preference": "full_fee"},
        )
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.filter(member=member).exists()
    assert all(UNDELIVERABLE[0] not in message.to for message in mail.outbox)
