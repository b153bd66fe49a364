"""The benchmark's ceiling page (bench/ceiling.py): routed only for benchmarks, and exactly as
large as the page it stands in for."""

import pytest
from django.urls import Resolver404, resolve

from bench.ceiling import FILLER, PAGE, fixed_page
from tests.factories import UserFactory


@pytest.fixture
def ceiling_routed(settings):
    settings.ROOT_URLCONF = "bench.urls"  # what bench/settings.py sets for a benchmark server
    yield


@pytest.mark.parametrize("size", [20_000, 60_000, 97_123])
def test_ceiling_page_has_exactly_the_size_asked_for(size):
    assert len(fixed_page(size)) == size


def test_ceiling_is_not_routed_in_a_normal_run():
    with pytest.raises(Resolver404):
        resolve("/bench/ceiling/")


@pytest.mark.django_db
def test_ceiling_answers_its_fixed_page_through_the_same_middleware(client, ceiling_routed):
    response = client.get("/bench/ceiling/")
    assert response.status_code == 200
    assert response.content == PAGE
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"]


def test_frame_is_not_routed_in_a_normal_run():
    with pytest.raises(Resolver404):
        resolve("/bench/frame/")


@pytest.mark.django_db
def test_frame_renders_the_fixed_html_inside_the_members_layout(client, ceiling_routed):
    member = UserFactory(display_name="Quiet Harbour")
    client.force_login(member)
    response = client.get("/bench/frame/")
    assert response.status_code == 200
    page = response.content.decode()
    assert FILLER in page
    assert "Quiet Harbour" in page
    assert abs(len(response.content) - len(PAGE)) < len(PAGE) // 10
