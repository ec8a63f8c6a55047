"""The directory's outputs answer even for text saved before text hygiene (see core.text)."""

from datetime import time

import pytest
from icalendar import Calendar

from groups.models import PeerSupportPage
from tests.core.test_text_hygiene import write_straight_to_the_database
from tests.groups.conftest import add

pytestmark = pytest.mark.django_db


@pytest.mark.both_databases
def test_the_calendar_and_open_referral_survive_control_characters_already_stored(
    client, peer_directory
):
    session = add(
        peer_directory, PeerSupportPage, "Tuesday circle", support_type="group", day_of_week=1,
        start_time=time(18, 30), frequency="weekly", venue="Hall", how_to_join="Email us.",
    )  # fmt: skip
    write_straight_to_the_database(
        PeerSupportPage,
        session.pk,
        title="Tuesday\x0bcircle\x01",
        venue="Church hall\x0c\x7fHigh Street",
        how_to_join="Email\x02 us\ufffe.",  # PostgreSQL cannot hold NUL at all
        description="About\x1b us.",
    )

    response = client.get(f"/peer-support/{session.pk}/calendar.ics")
    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]).split() == ["Tuesday", "circle"]
    assert not {"\x02", "\x0b", "\x7f"} & set(response.content.decode())
    api = client.get("/api/openreferral/services")
    assert api.status_code == 200
    names = [service["name"] for service in api.json()["contents"]]
    assert any(name.startswith("Tuesday") for name in names)


@pytest.mark.both_databases
@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_the_staff_spreadsheet_export_survives_control_characters_already_stored(
    client, groups_directory, export
):
    from datetime import date

    from groups.models import GroupPage
    from tests.members.factories import UserFactory

    group = add(groups_directory, GroupPage, "Leeds Voices")
    write_straight_to_the_database(
        GroupPage, group.pk, title="Leeds\x0bVoices\x1b", last_checked=date(2024, 1, 10)
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/cms/reports/listings-to-check/", {"export": export})

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "xlsx":
        from io import BytesIO

        from openpyxl import load_workbook

        rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
        assert rows[1][0] == "Leeds\nVoices"
    else:
        assert "Leeds\nVoices" in content.decode()
