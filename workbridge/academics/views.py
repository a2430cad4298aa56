"""Pages for the academic structure. Each entity is described once (``ENTITIES``); list, detail, create and
edit pages are built from that description and always read through the scoped selectors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, PermissionDenied
from workbridge.core.forms import apply_domain_error
from workbridge.core.listing import Action, Col, Filter, render_list
from workbridge.organizations.models import Organization

from . import forms, selectors, services
from . import permissions as perms
from .models import CourseType, EnrolmentStatus


def _school_choices(actor, model_list):
    return lambda: [(o.pk, str(o)) for o in model_list(actor=actor)[:500]]


@dataclass
class Entity:
    name: str
    label: object
    list_selector: Callable
    get_selector: Callable
    columns: Callable  # () -> list[Col]
    form: type
    create: Callable  # (actor, school, data) -> obj
    update: Callable  # (actor, obj, data) -> obj
    filters: Callable = lambda actor: []
    search: Callable | None = None
    detail_fields: Callable = lambda obj: []
    related: Callable = lambda actor, obj: []  # [(title, [(label, url)])]
    importer: str = ""
    search_placeholder: object = gettext_lazy("Search")

    def url(self, action: str, obj=None) -> str:
        if obj is None:
            return reverse(f"academics:{self.name}-{action}")
        return reverse(f"academics:{self.name}-{action}", kwargs={f"{self.name}_id": obj.pk})


def _may_edit(actor) -> bool:
    return perms.manages_school_records(actor)


def _school(actor) -> Organization:
    perms.require_school_admin(actor)
    return Organization.objects.get(pk=actor.organization_id)


def _detail_link(name):
    return lambda obj: reverse(f"academics:{name}-detail", kwargs={f"{name}_id": obj.pk})


ENTITIES: dict[str, Entity] = {}


def _register(entity: Entity) -> Entity:
    ENTITIES[entity.name] = entity
    return entity


_register(
    Entity(
        name="department",
        label=gettext_lazy("Departments"),
        list_selector=selectors.department_list,
        get_selector=selectors.department_get,
        columns=lambda: [
            Col(_("Name"), "name", link=True),
            Col(_("Code"), "code"),
            Col(_("Majors"), "major_count"),
            Col(_("School"), "school.name"),
        ],
        form=forms.DepartmentForm,
        create=lambda actor, school, d: services.department_create(actor=actor, school=school, **d),
        update=lambda actor, obj, d: services.department_update(actor=actor, department=obj, **d),
        search=lambda qs, t: qs.filter(name__icontains=t),
        detail_fields=lambda o: [(_("Code"), o.code), (_("School"), o.school.name)],
        related=lambda actor, o: [
            (
                _("Majors"),
                [(str(m), _detail_link("major")(m)) for m in selectors.major_list(actor=actor, department_id=o.pk)],
            ),
            (
                _("Teachers"),
                [
                    (str(t), _detail_link("teacher")(t))
                    for t in selectors.teacher_list(actor=actor, department_id=o.pk)[:100]
                ],
            ),
        ],
    )
)

_register(
    Entity(
        name="major",
        label=gettext_lazy("Majors"),
        list_selector=selectors.major_list,
        get_selector=selectors.major_get,
        columns=lambda: [
            Col(_("Code"), "code"),
            Col(_("Name"), "name", link=True),
            Col(_("Department"), "department.name"),
            Col(_("Duration (years)"), "duration_years"),
            Col(_("Enrolling"), lambda m: _("yes") if m.is_active else _("no")),
            Col(_("School"), "school.name"),
        ],
        form=forms.MajorForm,
        create=lambda actor, school, d: services.major_create(actor=actor, school=school, **d),
        update=lambda actor, obj, d: services.major_update(actor=actor, major=obj, **d),
        filters=lambda actor: [
            Filter(
                "department",
                _("Department"),
                _school_choices(actor, selectors.department_list),
                apply=lambda qs, v: qs.filter(department_id=v),
            )
        ],
        search=lambda qs, t: qs.filter(name__icontains=t) | qs.filter(code__startswith=t),
        search_placeholder=gettext_lazy("Name or code"),
        detail_fields=lambda o: [
            (_("National major code"), o.code),
            (_("English name"), o.name_en),
            (_("Department"), o.department.name if o.department else ""),
            (_("Duration (years)"), o.duration_years),
            (_("School"), o.school.name),
        ],
        related=lambda actor, o: [
            (
                _("Classes"),
                [(str(c), _detail_link("cohort")(c)) for c in selectors.cohort_list(actor=actor, major_id=o.pk)],
            ),
            (
                _("Courses"),
                [(str(c), _detail_link("course")(c)) for c in selectors.course_list(actor=actor, major_id=o.pk)],
            ),
        ],
    )
)

_register(
    Entity(
        name="cohort",
        label=gettext_lazy("Classes"),
        list_selector=selectors.cohort_list,
        get_selector=selectors.cohort_get,
        columns=lambda: [
            Col(_("Name"), "name", link=True),
            Col(_("Major"), "major.name"),
            Col(_("Intake year"), "intake_year"),
            Col(_("Head teacher"), "head_teacher.name"),
        ],
        form=forms.CohortForm,
        create=lambda actor, school, d: services.cohort_create(actor=actor, **d),
        update=lambda actor, obj, d: services.cohort_update(actor=actor, cohort=obj, **d),
        filters=lambda actor: [
            Filter(
                "major",
                _("Major"),
                _school_choices(actor, selectors.major_list),
                apply=lambda qs, v: qs.filter(major_id=v),
            )
        ],
        search=lambda qs, t: qs.filter(name__icontains=t),
        detail_fields=lambda o: [
            (_("Major"), str(o.major)),
            (_("Intake year"), o.intake_year),
            (_("Head teacher"), o.head_teacher.name if o.head_teacher else ""),
        ],
        related=lambda actor, o: [
            (
                _("Students"),
                [
                    (f"{s.student_number} {s.name}", _detail_link("student")(s))
                    for s in selectors.student_list(actor=actor, cohort_id=o.pk)[:200]
                ],
            ),
        ],
    )
)

_register(
    Entity(
        name="student",
        label=gettext_lazy("Students"),
        list_selector=selectors.student_list,
        get_selector=selectors.student_get,
        columns=lambda: [
            Col(_("Student number"), "student_number"),
            Col(_("Name"), "name", link=True),
            Col(_("Gender"), "get_gender_display"),
            Col(_("Major"), "major.name"),
            Col(_("Class"), "cohort.name"),
            Col(_("Year of study"), "grade_year"),
            Col(_("Status"), "get_enrolment_status_display"),
            Col(_("ID number"), "id_number_masked"),
            Col(_("Phone"), "phone_masked"),
        ],
        form=forms.StudentForm,
        create=lambda actor, school, d: services.student_create(actor=actor, school=school, **d),
        update=lambda actor, obj, d: services.student_update(
            actor=actor, student=obj, **{k: v for k, v in d.items() if not (k in ("id_number", "phone") and not v)}
        ),
        filters=lambda actor: [
            Filter(
                "major",
                _("Major"),
                _school_choices(actor, selectors.major_list),
                apply=lambda qs, v: qs.filter(major_id=v),
            ),
            Filter(
                "cohort",
                _("Class"),
                _school_choices(actor, selectors.cohort_list),
                apply=lambda qs, v: qs.filter(cohort_id=v),
            ),
            Filter("status", _("Status"), EnrolmentStatus.choices, apply=lambda qs, v: qs.filter(enrolment_status=v)),
            Filter(
                "year", _("Year of study"), [(i, i) for i in range(1, 6)], apply=lambda qs, v: qs.filter(grade_year=v)
            ),
        ],
        search=lambda qs, t: qs.filter(name__icontains=t) | qs.filter(student_number__startswith=t),
        search_placeholder=gettext_lazy("Name or student number"),
        detail_fields=lambda o: [
            (_("Student number"), o.student_number),
            (_("Gender"), o.get_gender_display()),
            (_("Birth date"), o.birth_date),
            (_("ID number"), o.id_number_masked),
            (_("Phone"), o.phone_masked),
            (_("School"), o.school.name),
            (_("Major"), str(o.major)),
            (_("Class"), o.cohort.name if o.cohort else ""),
            (_("Year of study"), o.grade_year),
            (_("Enrolment status"), o.get_enrolment_status_display()),
        ],
        importer="students",
    )
)

_register(
    Entity(
        name="teacher",
        label=gettext_lazy("Teachers"),
        list_selector=selectors.teacher_list,
        get_selector=selectors.teacher_get,
        columns=lambda: [
            Col(_("Staff number"), "employee_number"),
            Col(_("Name"), "name", link=True),
            Col(_("Department"), "department.name"),
            Col(_("Professional title"), "title"),
            Col(_("Professional qualifications"), "qualifications"),
            Col(_("Phone"), lambda t: ("*******" + t.phone_tail) if t.phone_tail else ""),
        ],
        form=forms.TeacherForm,
        create=lambda actor, school, d: services.teacher_create(actor=actor, school=school, **d),
        update=lambda actor, obj, d: services.teacher_update(
            actor=actor, teacher=obj, **{k: v for k, v in d.items() if not (k == "phone" and not v)}
        ),
        filters=lambda actor: [
            Filter(
                "department",
                _("Department"),
                _school_choices(actor, selectors.department_list),
                apply=lambda qs, v: qs.filter(department_id=v),
            )
        ],
        search=lambda qs, t: qs.filter(name__icontains=t) | qs.filter(employee_number__startswith=t),
        search_placeholder=gettext_lazy("Name or staff number"),
        detail_fields=lambda o: [
            (_("Staff number"), o.employee_number),
            (_("Gender"), o.get_gender_display()),
            (_("Department"), o.department.name if o.department else ""),
            (_("Professional title"), o.title),
            (_("Professional qualifications"), o.qualifications),
            (_("Expertise"), o.expertise),
            (_("School"), o.school.name),
        ],
        importer="teachers",
    )
)

_register(
    Entity(
        name="course",
        label=gettext_lazy("Courses"),
        list_selector=selectors.course_list,
        get_selector=selectors.course_get,
        columns=lambda: [
            Col(_("Course code"), "code"),
            Col(_("Name"), "name", link=True),
            Col(_("Major"), "major.name"),
            Col(_("Credits"), "credits"),
            Col(_("Hours"), "hours"),
            Col(_("Type"), "get_course_type_display"),
            Col(_("Semester"), "semester"),
            Col(_("Learning outcomes"), "learning_outcomes", screen=False),
        ],
        form=forms.CourseForm,
        create=lambda actor, school, d: services.course_create(actor=actor, **d),
        update=lambda actor, obj, d: services.course_update(actor=actor, course=obj, **d),
        filters=lambda actor: [
            Filter(
                "major",
                _("Major"),
                _school_choices(actor, selectors.major_list),
                apply=lambda qs, v: qs.filter(major_id=v),
            ),
            Filter("type", _("Type"), CourseType.choices, apply=lambda qs, v: qs.filter(course_type=v)),
            Filter("semester", _("Semester"), [(i, i) for i in range(1, 9)], apply=lambda qs, v: qs.filter(semester=v)),
        ],
        search=lambda qs, t: qs.filter(name__icontains=t) | qs.filter(code__icontains=t),
        search_placeholder=gettext_lazy("Name or code"),
        detail_fields=lambda o: [
            (_("Course code"), o.code),
            (_("English name"), o.name_en),
            (_("Major"), str(o.major)),
            (_("Credits"), o.credits),
            (_("Hours"), o.hours),
            (_("Type"), o.get_course_type_display()),
            (_("Semester"), o.semester),
            (_("Learning outcomes"), o.learning_outcomes),
        ],
        importer="courses",
    )
)


def make_list(entity: Entity):
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        actor = actor_for(request.user)
        actions = []
        if _may_edit(actor):
            actions.append(Action(_("Add"), entity.url("create"), primary=True))
            if entity.importer:
                actions.append(Action(_("Import"), reverse("import-upload", kwargs={"kind": entity.importer})))
        return render_list(
            request,
            title=entity.label,
            queryset=entity.list_selector(actor=actor),
            columns=entity.columns(),
            filters=entity.filters(actor),
            search=entity.search,
            search_placeholder=entity.search_placeholder,
            detail_url=_detail_link(entity.name),
            export_name=f"{entity.name}s",
            actions=actions,
        )

    return view


def make_detail(entity: Entity):
    @login_required
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        actor = actor_for(request.user)
        obj = entity.get_selector(actor=actor, pk=kwargs[f"{entity.name}_id"])
        actions = [Action(_("Edit"), entity.url("edit", obj))] if _may_edit(actor) else []
        return render(
            request,
            "academics/detail.html",
            {
                "title": str(obj),
                "fields": entity.detail_fields(obj),
                "actions": actions,
                "back_url": entity.url("list"),
                "related": entity.related(actor, obj),
            },
        )

    return view


def make_form(entity: Entity, editing: bool):
    @login_required
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        actor = actor_for(request.user)
        obj = entity.get_selector(actor=actor, pk=kwargs[f"{entity.name}_id"]) if editing else None
        school = _school(actor)
        if obj is not None and getattr(obj, "school_id", None) not in (None, school.pk):
            raise PermissionDenied(_("This record belongs to another school."))
        form = entity.form(request.POST or None, instance=obj, school_id=school.pk)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                saved = entity.update(actor, obj, data) if editing else entity.create(actor, school, data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(entity.url("detail", saved))
        title = _("Edit %(what)s") % {"what": obj} if editing else _("Add to %(what)s") % {"what": entity.label}
        cancel = entity.url("detail", obj) if editing else entity.url("list")
        return render(request, "core/form.html", {"title": title, "form": form, "cancel_url": cancel})

    return view


def urlpatterns_for_entities() -> list:
    patterns = []
    for entity in ENTITIES.values():
        base = f"{entity.name}s/"
        key = f"<int:{entity.name}_id>"
        patterns += [
            path(base, make_list(entity), name=f"{entity.name}-list"),
            path(f"{base}new/", make_form(entity, editing=False), name=f"{entity.name}-create"),
            path(f"{base}{key}/", make_detail(entity), name=f"{entity.name}-detail"),
            path(f"{base}{key}/edit/", make_form(entity, editing=True), name=f"{entity.name}-edit"),
        ]
    return patterns
