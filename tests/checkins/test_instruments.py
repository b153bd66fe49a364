"""manage.py import_instrument, and a member taking an imported instrument privately."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from checkins import services
from checkins.models import Instrument, InstrumentResponse
from tests.checkins import HARBOUR_SCALE, harbour_scale
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, data, name="instrument.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(path, *args):
    out = StringIO()
    call_command("import_instrument", str(path), *args, stdout=out)
    return out.getvalue()


# --- Importing ---------------------------------------------------------------------------------


def test_a_valid_file_is_imported_with_its_credit():
    assert "Imported" in run(HARBOUR_SCALE)
    instrument = Instrument.objects.get(key="harbour-scale")
    assert instrument.credit.startswith("Written for Haven's tests.")


def test_invalid_json_is_refused_naming_the_line(tmp_path):
    with pytest.raises(CommandError, match=r"not valid JSON: .* line 2"):
        run(write(tmp_path, '{"format": 1,\n "id": }'))


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Can't read"):
        run(tmp_path / "nowhere.json")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_an_invalid_instrument_is_refused_listing_its_problems_and_nothing_is_stored(tmp_path):
    data = harbour_scale()
    data["reverse_scored"] = ["1", "42"]
    del data["subscales"][0]["bands"]
    with pytest.raises(CommandError) as raised:
        run(write(tmp_path, data))
    assert "nothing was changed" in str(raised.value)
    assert "reverse_scored[1]: '42' is not the id of an item." in str(raised.value)
    assert 'subscales[0]: "bands" is missing.' in str(raised.value)
    assert not Instrument.objects.exists()


def test_importing_the_same_file_again_changes_nothing_and_says_so():
    run(HARBOUR_SCALE)
    assert "already imported, unchanged" in run(HARBOUR_SCALE)
    assert Instrument.objects.count() == 1


def test_a_changed_file_with_the_same_id_is_refused_without_update(tmp_path):
    run(HARBOUR_SCALE)
    data = harbour_scale()
    data["name"] = "Renamed"
    with pytest.raises(
        CommandError, match=r"already imported and differs from this file\. Run again with --update"
    ):
        run(write(tmp_path, data))
    assert Instrument.objects.get().name != "Renamed"


def test_update_replaces_it_and_earlier_results_keep_their_scores(tmp_path, member):
    run(HARBOUR_SCALE)
    response = services.take_instrument(member, Instrument.objects.get(), dict.fromkeys("123456", 3))
    data = harbour_scale()
    data["subscales"][0]["bands"][1]["label"] = "In between"
    assert "Updated" in run(write(tmp_path, data), "--update")
    assert Instrument.objects.get().definition["subscales"][0]["bands"][1]["label"] == "In between"
    response.refresh_from_db()
    assert response.scores[0]["band"] == "Moderate"


# --- Taking one --------------------------------------------------------------------------------


@pytest.fixture
def instrument():
    return services.import_instrument(harbour_scale())[0]


def url(instrument):
    return reverse("checkins:instrument", args=[instrument.key])


def test_the_page_shows_the_instrument_with_its_credit(member_client, instrument):
    page = member_client.get(url(instrument)).content.decode()
    assert "Written for Haven" in page
    assert "I carried my clients" in page


def test_taking_it_stores_the_answers_and_shows_the_scores_with_kind_words(member_client, member, instrument):
    form = {f"item-{item}": "3" for item in "123456"} | {"item-2": "5", "item-4": "5"}
    response = member_client.post(url(instrument), form, follow=True)
    stored = InstrumentResponse.objects.get(member=member)
    # weight: reversed 3 -> 3, plus 5 and 5: 13, "Heavy"
    assert stored.scores[0] == {
        "subscale": "weight", "name": "Weight carried", "score": 13, "band": "Heavy",
        "wording": "You are carrying a lot. It may help to talk to someone you trust.",
    }  # fmt: skip
    page = response.content.decode()
    assert "You are carrying a lot." in page
    assert f'href="{reverse("forum:crisis")}"' in page


def test_an_unanswered_item_gets_a_form_error_and_nothing_is_stored(member_client, instrument):
    form = {f"item-{item}": "3" for item in "12345"}
    response = member_client.post(url(instrument), form)
    assert response.status_code == 200
    assert "Please choose an answer for this one too." in response.content.decode()
    assert not InstrumentResponse.objects.exists()


def test_an_unknown_instrument_is_not_found(member_client):
    assert member_client.get(reverse("checkins:instrument", args=["no-such-thing"])).status_code == 404


def test_nobody_else_sees_a_members_results(member, instrument):
    services.take_instrument(member, instrument, dict.fromkeys("123456", 5))
    for viewer in (UserFactory(), ModeratorFactory()):
        client = Client()
        client.force_login(viewer)
        page = client.get(url(instrument)).content.decode()
        assert "Your results" not in page


def test_the_check_in_page_lists_imported_instruments(member_client, instrument):
    assert f'href="{url(instrument)}"' in member_client.get(reverse("checkins:check_in")).content.decode()


def test_the_activity_page_draws_a_line_per_subscale_through_the_members_results(
    member_client, member, instrument
):
    services.take_instrument(member, instrument, dict.fromkeys("123456", 3))
    services.take_instrument(member, instrument, dict.fromkeys("123456", 5))
    page = member_client.get(reverse("accounts:activity")).content.decode()
    assert (
        "The Harbour Scale (a made-up instrument for tests): Weight carried, each time you answered" in page
    )
    assert "2 results, most recently 11 (Moderate)." in page  # reversed 5 -> 1, plus 5 and 5
    assert page.count("<polyline") == 2  # one per subscale; no check-ins yet
