"""Where a person's data lives, found from the models rather than listed by hand, so a new model that points at a
person is exported (and reviewed for erasure) without anyone remembering to add it.

A person is their account (organizations.User) and the student or teacher records linked to it. Their data is
every row of any model with a foreign key to one of those, plus the rows that hang on their placements and
applications (check-ins, reports, evaluations, alerts ...).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.core import crypto

# Never exported: credentials and keyed hashes (they identify nothing to the person and help an attacker).
SECRET_FIELDS = {"password", "qr_secret", "secret_encrypted", "id_number_hash", "device_hash", "key"}
PERSON_OWNED = ("placements.Placement", "placements.Application")
# A foreign key with one of these names says the row is ABOUT the person: the whole row is theirs. Any other key
# to the person (created_by, reviewed_by, decided_by ...) records something they did to someone else's record:
# the export lists it as a reference only, so a mentor's export never carries their interns' reports.
OWNER_FIELDS = {"user", "student", "teacher", "recipient", "actor"}


@dataclass
class Section:
    label: str  # app_label.ModelName
    rows: list[dict]
    references: bool = False  # rows the person acted on: only model, id and the role they had


def _roots(user) -> dict[str, list[int]]:
    from workbridge.academics.models import Student, Teacher

    return {
        "organizations.User": [user.pk],
        "academics.Student": list(Student.objects.filter(user=user).values_list("pk", flat=True)),
        "academics.Teacher": list(Teacher.objects.filter(user=user).values_list("pk", flat=True)),
    }


def _value(obj, field):
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return None if related is None else {"id": related.pk, "name": str(related)}
    value = field.value_from_object(obj)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def row_dict(obj) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name.endswith("_hash"):
            continue
        if field.name.endswith("_encrypted"):
            token = field.value_from_object(obj)
            out[field.name.removesuffix("_encrypted")] = crypto.decrypt(token) if token else ""
            continue
        out[field.name] = _value(obj, field)
    return out


def _pointing_fields(target_labels: set[str]) -> Iterator[tuple[type[models.Model], models.Field, str]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is not None
                and field.related_model._meta.label in target_labels
            ):
                yield model, field, field.related_model._meta.label


def person_rows(user) -> list[Section]:
    """Every row holding this person's data, grouped per model (the account and records themselves first)."""
    roots = _roots(user)
    sections: dict[str, list] = {}
    references: dict[str, dict] = {}
    for label, ids in roots.items():
        if ids:
            sections.setdefault(label, []).extend(apps.get_model(label).objects.filter(pk__in=ids))
    owned: dict[str, set[int]] = {}
    for model, field, target in _pointing_fields(set(roots)):
        ids = roots[target]
        if not ids or model._meta.label in roots or model._meta.label in SYSTEM_MODELS:
            continue
        if field.name not in OWNER_FIELDS:
            for pk in model.objects.filter(**{f"{field.name}__in": ids}).values_list("pk", flat=True):
                references.setdefault(model._meta.label, {})[pk] = {"id": pk, "recorded_as": str(field.verbose_name)}
            continue
        rows = list(model.objects.filter(**{f"{field.name}__in": ids}))
        sections.setdefault(model._meta.label, []).extend(rows)
        if model._meta.label in PERSON_OWNED:
            owned.setdefault(model._meta.label, set()).update(r.pk for r in rows)
    for model, field, target in _pointing_fields(set(owned)):
        if model._meta.label in owned:
            continue
        sections.setdefault(model._meta.label, []).extend(model.objects.filter(**{f"{field.name}__in": owned[target]}))
    result = []
    for label, rows in sections.items():
        if not rows:
            continue
        unique = {row.pk: row for row in rows}
        result.append(Section(label, [row_dict(row) for row in sorted(unique.values(), key=lambda r: r.pk)]))
    for label, rows in references.items():
        result.append(Section(label, [rows[pk] for pk in sorted(rows)], references=True))
    return result


def files_of(user) -> list[tuple[str, models.fields.files.FieldFile]]:
    """Stored files among the person's rows (for example their tripartite agreement PDF)."""
    found = []
    for section in person_rows(user):
        if section.references:
            continue
        model = apps.get_model(section.label)
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for row in model.objects.filter(pk__in=[r["id"] for r in section.rows]):
            for field in file_fields:
                stored = getattr(row, field.name)
                if stored and stored.name:
                    found.append((f"{section.label}/{row.pk}/{stored.name.rsplit('/', 1)[-1]}", stored))
    return found


# Names people understand for the kinds of record an export holds (models without their own verbose name).
TITLES = {
    "organizations.User": _("Account"),
    "organizations.Membership": _("Roles in organisations"),
    "academics.Student": _("Student record"),
    "academics.Teacher": _("Teacher record"),
    "placements.Placement": _("Your internships"),
    "placements.Application": _("Internship applications"),
    "placements.CheckIn": _("Check-ins"),
    "placements.WeeklyReport": _("Internship reports"),
    "placements.Evaluation": _("Internship evaluations"),
    "placements.LeaveRequest": _("Leave requests"),
    "placements.Alert": _("Internship alerts"),
    "placements.AttendanceConfirmation": _("Attendance confirmations by the mentor"),
    "placements.Incident": _("Incidents"),
    "placements.Insurance": _("Insurance"),
    "placements.MentorRating": _("Ratings of mentors"),
    "placements.PrePlacementTraining": _("Pre-placement training"),
    "placements.RoundChoice": _("Choices in matching rounds"),
    "placements.RoundResult": _("Results of matching rounds"),
    "placements.RoundScore": _("Scores in matching rounds"),
    "placements.SelfFoundProposal": _("Self-found internship proposals"),
    "placements.TripartiteAgreement": _("Tripartite agreements"),
    "certificates.Registration": _("Certificate registrations"),
    "compliance.Violation": _("Rule violations"),
    "faculty.EnterpriseLecturer": _("Enterprise lecturer record"),
    "faculty.PracticeAlert": _("Enterprise practice reminders"),
    "faculty.PracticeRecord": _("Enterprise practice records"),
    "faculty.Qualification": _("Qualifications"),
    "faculty.TeacherProfile": _("Teacher profile"),
    "labour_market.DestinationFollowUp": _("Destination follow-ups"),
    "labour_market.GraduateDestination": _("Graduate destination"),
    "labour_market.ProgrammeReviewer": _("Programme reviews"),
    "partnerships.ProjectParticipant": _("Cooperation projects you take part in"),
    "research.RndMember": _("R&D projects (team member)"),
    "research.RndStudent": _("R&D projects (student)"),
    "core.Notification": _("In-app notifications"),
    "core.AuditLog": _("Actions you took"),
    "messaging.DeliveryPreference": _("Message settings"),
    "messaging.Delivery": _("Messages sent to you"),
}
# Machinery rows that point at an account but hold nothing about the person (log-in tickets, API keys, the
# Django admin's own log): not shown or exported; erasure closes the account, which voids them.
SYSTEM_MODELS = {
    "authtoken.Token",
    "authtoken.TokenProxy",
    "django_cas_ng.ProxyGrantingTicket",
    "django_cas_ng.SessionTicket",
    "admin.LogEntry",
    "academics.InitialCredential",
}


def section_title(label: str) -> str:
    if label in TITLES:
        return str(TITLES[label])
    model = apps.get_model(label)
    return str(model._meta.verbose_name_plural).capitalize()
