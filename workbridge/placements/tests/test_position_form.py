"""The enterprise's position form (issue 10.2): a Django form in the admin's words. Choices come from the
catalogues, bad entries come back beside their fields in the page's language with what was typed kept, nothing
is saved on an error, and editing can clear an optional figure."""

import datetime as dt
from decimal import Decimal

import pytest
from lxml import html

from workbridge.placements import models as m
from workbridge.placements.forms import PositionForm

from .test_forms_errors import EN, ZH, field_errors

pytestmark = pytest.mark.django_db

NEW = "/placements/positions/new/"


def filled(**changes) -> dict:
    start = dt.date.today() + dt.timedelta(days=30)
    data = {
        "title": "数控设备装调实习生",
        "occupation_code": "6-31-01-03",
        "duties": "在师傅指导下完成数控机床的装配与调试。",
        "required_skills": "PLC，电工, 机械制图",
        "major_categories": ["46"],
        "places": "3",
        "post_staff_count": "40",
        "workplace_address": "杭州市拱墅区湖墅南路 88 号",
        "latitude": "30.274100",
        "longitude": "120.155100",
        "geofence_radius_m": "",
        "monthly_pay": "4200",
        "post_wage": "4800",
        "daily_hours": "8",
        "shift_start": "08:30",
        "shift_end": "17:30",
        "rest_days_per_week": "",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=120)).isoformat(),
        "venue_type": "factory",
        "physical_intensity_level": "2",
        "fee_to_student": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_offers_catalogue_choices_and_no_codes_to_type(setup, client):
    client.force_login(setup.ent_admin)
    page = html.fromstring(client.get(NEW, **ZH).content.decode())
    categories = page.xpath("//input[@name='major_categories']")
    assert len(categories) >= 19 and categories[0].get("type") == "checkbox"
    labels = [b.text_content().strip() for b in page.xpath("//input[@name='major_categories']/..")]
    assert any("装备制造大类" in label for label in labels), labels[:3]
    venues = {o.get("value"): o.text_content() for o in page.xpath("//select[@name='venue_type']/option")}
    assert venues["factory"] and venues["factory"] != "factory"
    levels = [o.text_content() for o in page.xpath("//select[@name='physical_intensity_level']/option")]
    assert len(levels) == 4 and all(level.strip() for level in levels)
    assert page.xpath("//input[@name='start_date']/@type") == ["date"]
    assert page.xpath("//input[@name='shift_start']/@type") == ["time"]
    assert page.xpath("//input[@name='occupation_code']/@list") == ["occupation-list"]
    legends = [le.text_content() for le in page.xpath("//fieldset[@class='form-part']/legend")]
    assert len(legends) == 4


def test_a_filled_form_saves_a_draft_with_defaults_for_what_was_left_empty(setup, client):
    client.force_login(setup.ent_admin)
    response = client.post(NEW, filled(), **ZH)
    assert response.status_code == 302, response.content.decode()[:2000]
    position = m.Position.objects.get(title="数控设备装调实习生")
    assert position.status == m.PositionStatus.DRAFT
    assert position.required_skills == ["PLC", "电工", "机械制图"]  # full-width comma too
    assert position.major_categories == ["46"]
    assert position.geofence_radius_m == 300 and position.rest_days_per_week == 2  # the model's defaults
    assert position.fee_to_student == 0 and position.physical_intensity_level == 2
    assert position.latitude == Decimal("30.274100")


@pytest.mark.parametrize(
    ("change", "field", "zh_error"),
    [
        ({"places": "0"}, "places", "确保该值大于或等于1。"),
        ({"latitude": "300"}, "latitude", "确保该值小于或等于90。"),
        ({"monthly_pay": "四千"}, "monthly_pay", "请输入数字。"),
        ({"shift_start": "8点"}, "shift_start", "输入一个有效的时间。"),
        ({"geofence_radius_m": "5"}, "geofence_radius_m", "确保该值大于或等于20。"),
        ({"major_categories": ["99"]}, "major_categories", None),
        ({"title": ""}, "title", "该字段是必填项。"),
    ],
)
def test_a_bad_entry_comes_back_beside_its_field_and_nothing_is_saved(setup, client, change, field, zh_error):
    client.force_login(setup.ent_admin)
    response = client.post(NEW, filled(**change), **ZH)
    assert response.status_code == 400
    errors = field_errors(response, "", field)
    assert errors, field
    if zh_error:
        assert errors == [zh_error]
    assert "杭州市拱墅区湖墅南路 88 号" in response.content.decode()  # what was typed stays
    assert not m.Position.objects.filter(title="数控设备装调实习生").exists()


def test_an_end_before_the_start_is_refused_beside_the_end_in_english(setup, client):
    client.force_login(setup.ent_admin)
    start = dt.date.today() + dt.timedelta(days=30)
    response = client.post(NEW, filled(end_date=(start - dt.timedelta(days=1)).isoformat()), **EN)
    assert response.status_code == 400
    assert field_errors(response, "", "end_date") == ["The end must come after the start."]


def test_a_project_of_another_enterprise_cannot_be_chosen(setup, client):
    from workbridge.partnerships.tests.factories import ProjectFactory

    other = ProjectFactory(enterprise=setup.world.enterprise2)
    own = ProjectFactory(enterprise=setup.world.enterprise1)
    client.force_login(setup.ent_admin)
    page = html.fromstring(client.get(NEW, **ZH).content.decode())
    offered = set(page.xpath("//select[@name='project']/option/@value"))
    assert str(own.pk) in offered and str(other.pk) not in offered
    response = client.post(NEW, filled(project=str(other.pk)), **ZH)
    assert response.status_code == 400
    assert field_errors(response, "", "project")
    assert not m.Position.objects.filter(title="数控设备装调实习生").exists()


def test_editing_shows_the_saved_values_and_can_clear_an_optional_figure(setup, client):
    position = setup.position
    position.status = m.PositionStatus.DRAFT
    position.post_wage = Decimal("5000")
    position.save()
    skills_shown = ", ".join(position.required_skills or [])
    client.force_login(setup.ent_admin)
    url = f"/placements/positions/{position.pk}/edit/"
    page = html.fromstring(client.get(url, **ZH).content.decode())
    assert page.xpath("//input[@name='title']/@value") == [position.title]
    assert page.xpath("//input[@name='post_wage']/@value") == ["5000.00"]
    assert page.xpath("//input[@name='start_date']/@value") == [position.start_date.isoformat()]
    form = PositionForm(position=position, projects=None)
    data = {k: v for k, v in filled(title=position.title, post_wage="").items()}
    response = client.post(url, data, **ZH)
    assert response.status_code == 302, response.content.decode()[:2000]
    position.refresh_from_db()
    assert position.post_wage is None
    assert form.initial["required_skills"] == skills_shown


def image_sources(response) -> list[str]:
    directives = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
    return directives["img-src"].split()


def test_no_map_and_no_tile_host_unless_the_operator_configures_one(setup, client, settings):
    settings.MAP_TILE_URL = ""
    client.force_login(setup.ent_admin)
    response = client.get(NEW, **ZH)
    assert 'id="position-map"' not in response.content.decode()
    assert "leaflet" not in response.content.decode()
    assert image_sources(response) == ["'self'", "data:"]


def test_a_configured_tile_server_is_the_only_extra_image_host_and_only_on_this_form(setup, client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.edu.cn/wgs84/{z}/{x}/{y}.png"
    client.force_login(setup.ent_admin)
    response = client.get(NEW, **ZH)
    page = html.fromstring(response.content.decode())
    assert page.xpath("//div[@id='position-map']/@data-tiles") == [settings.MAP_TILE_URL]
    assert image_sources(response) == ["'self'", "data:", "https://tiles.example.edu.cn"]
    other = client.get("/placements/positions/", **ZH)
    assert image_sources(other) == ["'self'", "data:"]
    settings.MAP_TILE_URL = "javascript:alert(1)//{z}"
    assert 'id="position-map"' not in client.get(NEW, **ZH).content.decode()


@pytest.mark.browser
def test_tapping_the_map_fills_the_coordinates(world, rules, page_for, settings, live_server):
    from workbridge.core.roles import Role

    # Any image stands in for a tile: the test needs the map drawn, not a real tile server.
    settings.MAP_TILE_URL = f"{live_server.url}/static/icons/icon-192.png?z={{z}}&x={{x}}&y={{y}}"
    page = page_for(world.users[Role.ENTERPRISE_ADMIN].username)
    page.goto(f"{page.base_url}{NEW}")
    page.wait_for_selector("#position-map .leaflet-tile-loaded")
    assert page.input_value("input[name=latitude]") == ""
    page.click("#position-map", position={"x": 200, "y": 120})
    lat, lng = float(page.input_value("input[name=latitude]")), float(page.input_value("input[name=longitude]"))
    assert -90 <= lat <= 90 and -180 <= lng <= 180
    assert page.locator("#position-map .leaflet-marker-icon").count() == 1
    page.fill("input[name=latitude]", "30.274100")
    page.fill("input[name=longitude]", "120.155100")
    page.dispatch_event("input[name=longitude]", "change")
    page.wait_for_function("document.querySelector('#position-map .leaflet-marker-icon') !== null")


def test_every_field_the_form_shows_is_one_the_services_and_the_api_take():
    """The form's groups, the service's fields and the API's serializer name the same fields (one list, in
    services.positions): a field added to the form but not to the service would be refused on saving."""
    from workbridge.placements.apis import PositionSerializer
    from workbridge.placements.forms.positions import GROUPS
    from workbridge.placements.services.positions import POSITION_FIELDS

    shown = [name for _key, _legend, names in GROUPS for name in names]
    assert len(shown) == len(set(shown))
    assert set(shown) <= set(POSITION_FIELDS)
    assert set(POSITION_FIELDS) <= set(PositionSerializer.Meta.fields)
