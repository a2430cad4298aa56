"""Issue 15.6: a check-in may carry a photo (per-placement rule: off, optional, required; the plan's by default),
checked by content, size-limited, stored re-encoded without EXIF, shown only to the student, the placement's
mentors and the school's admin, and deleted with the raw coordinates after 30 days."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from workbridge.core.access import actor_for
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.placements.models import CheckIn, PhotoPolicy
from workbridge.placements.services import attendance as att
from workbridge.privacy.retention import retention_apply, rules

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db

URL = "/api/v1/placements/checkins/"
GPS_IFD = 0x8825


def camera_jpeg(width=64, height=32, *, orientation=6) -> bytes:
    """A phone photo: landscape pixels with an EXIF orientation (turn it upright) and a GPS position."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90 degrees clockwise to view
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (30.0, 16.0, 27.0)
    gps[3], gps[4] = "E", (120.0, 9.0, 18.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(data: bytes | None = None, name="IMG_0001.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, camera_jpeg() if data is None else data, content_type=content_type)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(placement, key, **extra):
    return {
        "placement": placement.pk,
        "client_key": key,
        "latitude": float(placement.position.latitude),
        "longitude": float(placement.position.longitude),
        "accuracy_m": 10,
        **extra,
    }


def set_policy(s, placement, policy):
    return att.placement_set_photo_policy(actor=s.school_admin, placement=placement, policy=policy)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "placements" / "checkins"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_photo_is_kept_upright_as_jpeg_without_exif_and_the_answer_links_it(setup):
    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the phone's photo has a GPS position
    answer = api(setup.student_user).post(URL, body(placement, "photo-key-001", photo=upload(original)))
    assert answer.status_code == 201, answer.json()
    checkin = CheckIn.objects.get()
    assert answer.json()["photo"] == f"/api/v1/placements/checkins/{checkin.pk}/photo/"
    assert checkin.photo.name.startswith("placements/checkins/") and checkin.photo.name.endswith(".jpg")
    assert "IMG_0001" not in checkin.photo.name  # the phone's file name never decides the stored one
    with checkin.photo.open("rb") as handle:
        kept = handle.read()
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG" and image.size == (32, 64)  # turned upright, then the orientation dropped
    assert not image.getexif() and b"Exif" not in kept[:4096] and b"PhoneMaker" not in kept
    assert AuditLog.objects.filter(action="checkin.photo").exists()
    # a re-send of the same check-in (the phone's queue) keeps the one stored photo
    again = api(setup.student_user).post(URL, body(placement, "photo-key-001", photo=upload()))
    assert again.status_code == 200 and again.json() == answer.json() and len(stored_files()) == 1


def test_a_large_photo_is_scaled_down(setup):
    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 60)).save(big, format="PNG")
    answer = api(setup.student_user).post(URL, body(placement, "photo-big-01", photo=upload(big.getvalue(), "a.png")))
    assert answer.status_code == 201, answer.json()
    with CheckIn.objects.get().photo.open("rb") as handle:
        assert Image.open(handle).size == (1600, 1200)


def test_policy_off_keeps_no_photo_and_required_refuses_a_check_in_without_one(setup):
    placement = make_active_placement(setup)
    assert placement.photo_policy() == PhotoPolicy.OFF  # no plan, no rule of its own: off
    off = api(setup.student_user).post(URL, body(placement, "photo-off-001", photo=upload()))
    assert off.status_code == 201 and off.json()["photo"] is None and not stored_files()

    set_policy(setup, placement, PhotoPolicy.OPTIONAL)
    assert api(setup.student_user).post(URL, body(placement, "photo-opt-001"), format="json").status_code == 201

    set_policy(setup, placement, PhotoPolicy.REQUIRED)
    refused = api(setup.student_user).post(URL, body(placement, "photo-req-001"), format="json")
    assert refused.status_code == 400 and "photo" in refused.json()["errors"]
    assert "照片" in refused.json()["detail"]
    assert api(setup.student_user).post(URL, body(placement, "photo-req-002", photo=upload())).status_code == 201
    assert CheckIn.objects.filter(placement=placement).count() == 3 and len(stored_files()) == 1


def test_the_plan_sets_the_default_and_the_fast_path_enforces_it(setup):
    from workbridge.placements.services import plans as plans_svc

    placement = make_active_placement(setup)
    plan = plans_svc.plan_create(
        actor=setup.school_admin,
        title="岗位实习计划",
        kind="post",
        start_date=placement.start_date,
        end_date=placement.end_date,
        cohort_ids=[setup.student.cohort_id],
        checkin_photo=PhotoPolicy.REQUIRED,
    )
    placement.plan = plan
    placement.save(update_fields=["plan"])
    assert placement.photo_policy() == PhotoPolicy.REQUIRED
    refused = api(setup.student_user).post(URL, body(placement, "plan-req-001"), format="json")
    assert refused.status_code == 400 and "photo" in refused.json()["errors"]
    # the placement's own rule wins over the plan's; "" follows the plan again
    set_policy(setup, placement, PhotoPolicy.OFF)
    assert api(setup.student_user).post(URL, body(placement, "plan-off-001"), format="json").status_code == 201
    set_policy(setup, placement, "")
    placement.refresh_from_db()
    assert placement.photo_policy() == PhotoPolicy.REQUIRED


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.4\n% a document\n", "photo.jpg"),
        (b"just some text, not a picture", "photo.jpg"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "broken.jpg"),  # looks like a JPEG, cannot be read
    ],
)
def test_wrong_or_broken_files_are_refused_with_the_field_named(setup, data, name):
    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    answer = api(setup.student_user).post(URL, body(placement, "photo-bad-001", photo=upload(data, name)))
    assert answer.status_code == 400, answer.json()
    assert "photo" in answer.json()["errors"] and name in answer.json()["detail"]
    assert not CheckIn.objects.exists() and not stored_files()


def test_a_photo_over_the_limit_is_refused(setup, settings):
    settings.UPLOAD_MAX_BYTES_BY_PURPOSE = {**settings.UPLOAD_MAX_BYTES_BY_PURPOSE, "photo": 1024}
    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    big = camera_jpeg(400, 400) + b"\x00" * 2048
    answer = api(setup.student_user).post(URL, body(placement, "photo-big-002", photo=upload(big)))
    assert answer.status_code == 400 and "MB" in answer.json()["detail"] and "photo" in answer.json()["errors"]
    assert not CheckIn.objects.exists() and not stored_files()


def test_who_may_see_a_photo(setup, client):
    world = setup.world
    placement = make_active_placement(setup)  # school mentor teacher 1, enterprise mentor of enterprise 1
    placement = set_policy(setup, placement, PhotoPolicy.OPTIONAL)
    checkin, _ = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="photo-see-001",
        latitude=float(placement.position.latitude),
        longitude=float(placement.position.longitude),
        photo=upload(),
    )
    page, api_url = f"/placements/checkins/{checkin.pk}/photo/", f"{URL}{checkin.pk}/photo/"
    allowed = [setup.student_user, setup.mentor, setup.school_admin, world.users[Role.TEACHER]]
    assert world.teacher1.user_id == world.users[Role.TEACHER].pk
    for user in allowed:
        client.force_login(user)
        shown = client.get(page)
        assert shown.status_code == 200, user.username
        assert shown["Content-Type"] == "image/jpeg" and shown["X-Content-Type-Options"] == "nosniff"
        assert api(user).get(api_url).status_code == 200, user.username
    refused = [world.users[Role.ENTERPRISE_ADMIN], world.users[Role.AUTHORITY_OFFICER]]
    refused += [u for role, u in world.other.items() if role != Role.PLATFORM_ADMIN]
    for user in refused:
        client.force_login(user)
        assert client.get(page).status_code == 404, user.username
        assert api(user).get(api_url).status_code == 404, user.username
    client.logout()
    assert client.get(page).status_code == 302
    # the placement's list shows the mentor a thumbnail linking to the photo; the host's admin only that one exists
    client.force_login(setup.mentor)
    assert f'src="{page}"' in client.get(f"/placements/placements/{placement.pk}/").content.decode()
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    detail = client.get(f"/placements/placements/{placement.pk}/").content.decode()
    assert page not in detail and "有照片" in detail


def test_who_sets_the_rule_page_and_api(setup, client):
    world = setup.world
    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    shown = client.get(f"/placements/placements/{placement.pk}/").content.decode()
    assert "data-photo-policy-form" in shown and "签到照片" in shown
    client.post(f"/placements/placements/{placement.pk}/photo_policy/", {"policy": "required"})
    placement.refresh_from_db()
    assert placement.checkin_photo == PhotoPolicy.REQUIRED
    entry = AuditLog.objects.filter(action="placement.checkin_photo").latest("pk")
    assert entry.data["after"] == "required" and entry.data["before"] == "plan"
    # the teacher mentoring the student may, over the API too
    answer = api(world.users[Role.TEACHER]).post(
        f"/api/v1/placements/placements/{placement.pk}/photo-policy/", {"policy": "optional"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["photo_policy"] == "optional"
    bad = api(setup.school_admin).post(
        f"/api/v1/placements/placements/{placement.pk}/photo-policy/", {"policy": "always"}, format="json"
    )
    assert bad.status_code == 400
    with pytest.raises(ValidationFailed):
        att.placement_set_photo_policy(actor=setup.school_admin, placement=placement, policy="always")
    for user in (setup.ent_admin, setup.mentor, setup.student_user):
        with pytest.raises(PermissionDenied):
            att.placement_set_photo_policy(actor=user, placement=placement, policy="off")
        assert (
            api(user)
            .post(f"/api/v1/placements/placements/{placement.pk}/photo-policy/", {"policy": "off"}, format="json")
            .status_code
            == 403
        )
    other = world.other[Role.SCHOOL_ADMIN]
    assert (
        api(other)
        .post(f"/api/v1/placements/placements/{placement.pk}/photo-policy/", {"policy": "off"}, format="json")
        .status_code
        == 404
    )
    # the enterprise's staff see the rule but get no form
    client.force_login(setup.ent_admin)
    assert "data-photo-policy-form" not in client.get(f"/placements/placements/{placement.pk}/").content.decode()
    placement.refresh_from_db()
    assert placement.checkin_photo == PhotoPolicy.OPTIONAL


def test_the_check_in_page_offers_the_camera_only_when_photos_are_on(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.student_user)
    page = client.get("/placements/my/")
    assert 'capture="environment"' not in page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"] and "geolocation=(self)" in page["Permissions-Policy"]
    set_policy(setup, placement, PhotoPolicy.REQUIRED)
    shown = client.get("/placements/my/").content.decode()
    assert 'accept="image/*" capture="environment"' in shown and "拍照（必需）" in shown
    assert "camera=()" in client.get("/placements/placements/").get("Permissions-Policy", "camera=()")


def test_retention_deletes_photos_with_the_coordinates(setup):
    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    lat, lon = float(placement.position.latitude), float(placement.position.longitude)
    old, _ = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="photo-old-001",
        latitude=lat,
        longitude=lon,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        photo=upload(),
    )
    new, _ = att.checkin_record(
        actor=setup.student_user, placement=placement, client_key="photo-new-001", latitude=lat, longitude=lon,
        photo=upload(),
    )  # fmt: skip
    old_path = Path(old.photo.path)
    assert old_path.exists() and len(stored_files()) == 2
    days = {r.key: r.days for r in rules()}
    assert days["checkin_photos"] == days["checkin_coordinates"] == 30
    later = timezone.now() + dt.timedelta(days=29)  # the old one is 31 days old, the new one 29
    done = retention_apply(now=later)
    assert done["checkin_photos"] == 1 and done["checkin_coordinates"] == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.photo and old.photo_purged_at is not None and not old_path.exists()
    assert old.within_geofence is True  # the verdict stays
    assert new.photo and Path(new.photo.path).exists()
    assert retention_apply(now=later)["checkin_photos"] == 0


def test_erasure_deletes_the_persons_photos(setup):
    from workbridge.privacy import services as privacy_svc

    placement = set_policy(setup, make_active_placement(setup), PhotoPolicy.OPTIONAL)
    checkin, _ = att.checkin_record(
        actor=setup.student_user,
        placement=placement,
        client_key="photo-erase-01",
        latitude=float(placement.position.latitude),
        longitude=float(placement.position.longitude),
        photo=upload(),
    )
    path = Path(checkin.photo.path)
    privacy_svc.person_erase(actor=actor_for(setup.school_admin), user=setup.student_user, reason="学生书面申请")
    checkin.refresh_from_db()
    assert not checkin.photo and not path.exists()
