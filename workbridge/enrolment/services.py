"""Every write of the joint enrolment app: plans and their two approvals, applications and the two-sided
selection, forming the class (a cooperation project of the partnerships app with the admitted students as
participants) with one apprenticeship agreement each, and the class's withdrawals and replacements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NoReturn

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import EnrolmentStatus, Major, Student
from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.services import audit_record, full_clean_or_raise, notification_send
from workbridge.partnerships import services as partnership_services
from workbridge.partnerships.models import Agreement, ParticipantRole, ProjectStatus, ProjectType

from . import permissions as perms
from .engines import selection
from .engines.terms import terms_hash
from .models import (
    ApplicationStatus,
    ApprenticeshipAgreement,
    ChangeKind,
    ClassChange,
    Decision,
    EnrolmentApplication,
    EnrolmentPlan,
    LeaveReason,
    PlanKind,
    PlanStatus,
)

ORDER_CLASS_MIN_SIZE = 5  # partnerships' order-class project records at least five students


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationFailed(message, errors={field: [message]})


def _audit(actor: Actor, plan: EnrolmentPlan, action: str, **data) -> None:
    audit_record(
        actor=actor,
        action=f"enrolment.{action}",
        target=plan,
        organization_id=plan.school_id,
        summary=plan.name,
        data={"enterprise_id": plan.enterprise_id, **data},
    )


def _notify(users: Iterable, *, kind: str, title: str, link: str) -> None:
    users = [u for u in users if u is not None]

    def send():
        for user in users:
            notification_send(recipient=user, kind=kind, title=title, link=link)

    transaction.on_commit(send)


def _locked(plan: EnrolmentPlan) -> EnrolmentPlan:
    return EnrolmentPlan.objects.select_for_update().get(pk=plan.pk)


# ---------------------------------------------------------------- plans


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    agreement_id: int,
    name: str,
    year: int,
    kind: str,
    major_ids: Iterable[int],
    quota: int,
    criteria: str,
    target_posts: str,
    opens_on: dt.date,
    closes_on: dt.date,
    minimum_grade: int | None = None,
    interview_required: bool = False,
    monthly_stipend: int = 0,
    posts_on_graduation: int = 0,
    other_commitments: str = "",
) -> EnrolmentPlan:
    """A school's or an enterprise's admin drafts a plan with a partner under a live framework agreement."""
    actor = as_actor(actor)
    if not perms.may_draft_plans(actor):
        raise PermissionDenied(_("The school's or the enterprise's admin drafts a joint enrolment plan."))
    agreement = Agreement.objects.live().filter(pk=agreement_id).first()
    if agreement is None or not (
        actor.is_platform_admin or actor.organization_id in (agreement.school_id, agreement.enterprise_id)
    ):
        _refuse("agreement_id", _("Choose a framework agreement in force between the two parties."))
    if kind not in PlanKind.values:
        _refuse("kind", _("Choose an order class or a modern apprenticeship class."))
    wanted = {int(pk) for pk in (major_ids or [])}
    majors = list(Major.objects.filter(pk__in=wanted, school_id=agreement.school_id))
    if not majors or len(majors) != len(wanted):
        _refuse("major_ids", _("Choose one or more majors of the school."))
    if kind == PlanKind.ORDER_CLASS and quota is not None and quota < ORDER_CLASS_MIN_SIZE:
        _refuse("quota", _("An order class has at least %(n)d places.") % {"n": ORDER_CLASS_MIN_SIZE})
    if not (target_posts or "").strip():
        _refuse("target_posts", _("Name the posts the class trains for."))
    plan = EnrolmentPlan(
        school_id=agreement.school_id,
        enterprise_id=agreement.enterprise_id,
        agreement=agreement,
        name=(name or "").strip(),
        year=year,
        kind=kind,
        quota=quota,
        criteria=(criteria or "").strip(),
        minimum_grade=minimum_grade,
        interview_required=bool(interview_required),
        monthly_stipend=monthly_stipend or 0,
        posts_on_graduation=posts_on_graduation or 0,
        target_posts=target_posts.strip(),
        other_commitments=(other_commitments or "").strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user(actor),
    )
    full_clean_or_raise(plan)
    plan.save()
    plan.majors.set(majors)
    _audit(actor, plan, "plan_created")
    return plan


@transaction.atomic
def plan_approve(*, actor: Actor, plan: EnrolmentPlan) -> EnrolmentPlan:
    """Each party's admin approves the draft; the second approval publishes it to the school's students."""
    actor = as_actor(actor)
    plan = _locked(plan)
    if plan.status != PlanStatus.DRAFT:
        raise InvalidTransition(_("Only a draft plan is approved."))
    if not perms.may_approve_plan(actor, plan):
        raise PermissionDenied(_("The admins of the school and of the enterprise each approve the plan once."))
    now = timezone.now()
    if actor.organization_id == plan.school_id:
        plan.school_approved_at, plan.school_approved_by = now, acting_user(actor)
    else:
        plan.enterprise_approved_at, plan.enterprise_approved_by = now, acting_user(actor)
    if plan.school_approved_at and plan.enterprise_approved_at:
        plan.status = PlanStatus.PUBLISHED
    plan.save()
    _audit(actor, plan, "plan_approved", side="school" if actor.organization_id == plan.school_id else "enterprise")
    if plan.status == PlanStatus.PUBLISHED:
        students = Student.objects.filter(
            school_id=plan.school_id,
            major__in=plan.majors.all(),
            user__isnull=False,
            enrolment_status=EnrolmentStatus.ENROLLED,
        ).select_related("user")[:2000]
        _notify(
            (s.user for s in students),
            kind="enrolment.published",
            title=_("Joint enrolment open: %(p)s") % {"p": plan.name},
            link=reverse("enrolment:plan", args=[plan.pk]),
        )
    return plan


@transaction.atomic
def plan_start_selection(*, actor: Actor, plan: EnrolmentPlan) -> EnrolmentPlan:
    """Applications close; the two sides finish their selection. Students can no longer withdraw."""
    actor = as_actor(actor)
    plan = _locked(plan)
    if not perms.may_start_selection(actor, plan):
        if plan.status != PlanStatus.PUBLISHED:
            raise InvalidTransition(_("Selection starts from a published plan."))
        raise PermissionDenied(_("The admins of the two parties start the selection."))
    plan.status = PlanStatus.SELECTION
    plan.save(update_fields=["status", "updated_at"])
    _audit(actor, plan, "selection_started")
    return plan


def _agreement_terms(plan: EnrolmentPlan, student: Student, on: dt.date) -> dict:
    age = student.age_on(on)
    return {
        "plan": plan.name,
        "kind": plan.kind,
        "year": plan.year,
        "school": plan.school.name,
        "enterprise": plan.enterprise.name,
        "enterprise_credit_code": plan.enterprise.credit_code,
        "student": student.name,
        "student_number": student.student_number,
        "major": student.major.name,
        "target_posts": plan.target_posts,
        "monthly_stipend": plan.monthly_stipend,
        "posts_on_graduation": plan.posts_on_graduation,
        "other_commitments": plan.other_commitments,
        "start": on.isoformat(),
        "age_at_start": age,
        "guardian_required": age < 18,
    }


def _enrol(actor: Actor, plan: EnrolmentPlan, application: EnrolmentApplication, on: dt.date) -> None:
    """Make the admitted student a member: a participant of the class's project and an agreement of their own."""
    partnership_services.participant_add(
        actor=actor,
        project=plan.project,
        role=ParticipantRole.STUDENT,
        student=application.student,
        duty=_("Apprentice"),
    )
    terms = _agreement_terms(plan, application.student, on)
    ApprenticeshipAgreement.objects.update_or_create(
        application=application,
        defaults={
            "terms": terms,
            "version": 1,
            "content_hash": terms_hash(terms),
            "guardian_required": terms["guardian_required"],
        },
    )


@transaction.atomic
def plan_form_class(*, actor: Actor, plan: EnrolmentPlan, today: dt.date | None = None) -> EnrolmentPlan:
    """The school's admin forms the class: a cooperation project (order class or apprenticeship) under the
    framework agreement, with every admitted student as a participant and a three-party agreement each."""
    actor = as_actor(actor)
    plan = _locked(plan)
    if not perms.may_form_class(actor, plan):
        if plan.status != PlanStatus.SELECTION:
            raise InvalidTransition(_("The class is formed after the selection."))
        raise PermissionDenied(_("The school's admin forms the class."))
    applications = EnrolmentApplication.objects.filter(plan=plan).select_related("student", "student__major")
    undecided = applications.filter(status=ApplicationStatus.APPLIED).count()
    if undecided:
        raise InvalidTransition(
            _("Decide on every application first: %(n)d still waiting for a decision.") % {"n": undecided}
        )
    admitted = list(applications.filter(status=ApplicationStatus.ADMITTED).order_by("student__student_number"))
    if not admitted:
        raise InvalidTransition(_("No student is admitted yet; a class needs its students."))
    today = today or timezone.localdate()
    if plan.kind == PlanKind.ORDER_CLASS:
        project_type = ProjectType.ORDER_CLASS
        details = {
            "class_size": max(plan.quota, ORDER_CLASS_MIN_SIZE),
            "target_posts": [p.strip() for p in plan.target_posts.splitlines() if p.strip()],
            "employment_commitment": plan.posts_on_graduation > 0,
            "intake_year": plan.year,
        }
    else:
        project_type = ProjectType.APPRENTICESHIP
        details = {
            "mode": "modern_apprenticeship",
            "apprentices": plan.quota,
            "target_posts": [p.strip() for p in plan.target_posts.splitlines() if p.strip()],
        }
    project = partnership_services.project_create(
        actor=actor,
        agreement=plan.agreement,
        project_type=project_type,
        title=plan.name,
        start_date=today,
        description=plan.criteria,
        details=details,
        majors=plan.majors.all(),
    )
    project = partnership_services.project_transition(actor=actor, project=project, to_status=ProjectStatus.RUNNING)
    plan.project = project
    plan.status = PlanStatus.FORMED
    plan.save(update_fields=["project", "status", "updated_at"])
    now = timezone.now()
    for application in admitted:
        _enrol(actor, plan, application, today)
        ClassChange.objects.create(
            plan=plan, application=application, kind=ChangeKind.JOINED, at=now, by=acting_user(actor)
        )
    _audit(actor, plan, "class_formed", project_id=project.pk, members=len(admitted))
    _notify(
        (a.student.user for a in admitted),
        kind="enrolment.formed",
        title=_("Your class is formed; read and confirm your apprenticeship agreement: %(p)s") % {"p": plan.name},
        link=reverse("enrolment:plan", args=[plan.pk]),
    )
    return plan


@transaction.atomic
def plan_close(*, actor: Actor, plan: EnrolmentPlan) -> EnrolmentPlan:
    """A draft is given up, or a formed class's enrolment is closed (no more replacements)."""
    actor = as_actor(actor)
    plan = _locked(plan)
    if not perms.may_close_plan(actor, plan):
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.FORMED):
            raise InvalidTransition(_("A draft or a formed class is closed; this plan is still selecting."))
        raise PermissionDenied(_("The admins of the two parties close the plan."))
    before = plan.status
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    EnrolmentApplication.objects.filter(plan=plan, status=ApplicationStatus.WAITLISTED).update(
        status=ApplicationStatus.NOT_SELECTED
    )
    _audit(actor, plan, "plan_closed", from_status=before)
    return plan


# ---------------------------------------------------------------- applications


@transaction.atomic
def application_submit(
    *, actor: Actor, plan: EnrolmentPlan, statement: str, today: dt.date | None = None
) -> EnrolmentApplication:
    """A student of the plan's school and majors applies once, while applications are open (``today``: the demo
    region's day)."""
    actor = as_actor(actor)
    student = Student.objects.filter(pk=actor.student_id).first() if actor.student_id else None
    if student is None or not perms.may_apply(actor, plan, today=today):
        if student is not None and not perms.application_window_open(plan, today):
            raise InvalidTransition(
                _("Applications are open from %(a)s to %(b)s.") % {"a": plan.opens_on, "b": plan.closes_on}
            )
        raise PermissionDenied(_("Students of the plan's school apply."))
    if student.enrolment_status != EnrolmentStatus.ENROLLED:
        raise PermissionDenied(_("Only students on the roll apply."))
    if not plan.majors.filter(pk=student.major_id).exists():
        raise PermissionDenied(_("This plan is for other majors."))
    if EnrolmentApplication.objects.filter(plan=plan, student=student).exists():
        raise Conflict(_("You have already applied to this plan."))
    application = EnrolmentApplication(plan=plan, student=student, statement=(statement or "").strip())
    if not application.statement:
        _refuse("statement", _("Say in a few words why you apply."))
    full_clean_or_raise(application)
    application.save()
    _audit(actor, plan, "applied", application_id=application.pk)
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: EnrolmentApplication) -> EnrolmentApplication:
    actor = as_actor(actor)
    application = EnrolmentApplication.objects.select_for_update().select_related("plan").get(pk=application.pk)
    if not perms.may_withdraw(actor, application):
        if actor.student_id == application.student_id:
            raise InvalidTransition(_("An application is withdrawn before the selection starts."))
        raise PermissionDenied(_("Only the student withdraws their application."))
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _audit(actor, application.plan, "withdrawn", application_id=application.pk)
    return application


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: EnrolmentApplication,
    selected: bool,
    grade_average: int | None = None,
    interview_passed: bool | None = None,
) -> EnrolmentApplication:
    """One side's decision. The school records the grade average (checked against the plan's minimum); the
    enterprise records the interview (required to select when the plan has one). Two selections admit the
    student while places are free, else put them on the waiting list; one refusal ends the application."""
    actor = as_actor(actor)
    application = EnrolmentApplication.objects.select_for_update().select_related("plan").get(pk=application.pk)
    plan = _locked(application.plan)
    application.plan = plan
    if not perms.may_decide(actor, application):
        if perms.side_of(actor, plan) is None:
            raise PermissionDenied(_("The staff of the school and of the enterprise select the students."))
        raise InvalidTransition(_("This application is already decided, or the selection is over."))
    side = perms.side_of(actor, plan)
    decision = Decision.SELECTED if selected else Decision.NOT_SELECTED
    if side == "school":
        if grade_average is not None:
            if not 0 <= grade_average <= 100:
                _refuse("grade_average", _("A grade average is out of 100."))
            application.grade_average = grade_average
        if selected and plan.minimum_grade is not None:
            if application.grade_average is None:
                _refuse("grade_average", _("Record the student's grade average: the plan asks for a minimum."))
            if application.grade_average < plan.minimum_grade:
                _refuse(
                    "grade_average",
                    _("The grade average %(g)d is below the plan's minimum of %(m)d.")
                    % {"g": application.grade_average, "m": plan.minimum_grade},
                )
        application.school_decision = decision
    else:
        if interview_passed is not None:
            application.interview_passed = interview_passed
        if selected and plan.interview_required and application.interview_passed is not True:
            _refuse("interview_passed", _("The plan asks for an interview: record that the student passed it."))
        application.enterprise_decision = decision
    admitted = EnrolmentApplication.objects.filter(plan=plan, status=ApplicationStatus.ADMITTED).count()
    application.status = selection.outcome(
        application.school_decision, application.enterprise_decision, admitted, plan.quota
    )
    if application.status != ApplicationStatus.APPLIED:
        application.decided_at = timezone.now()
    full_clean_or_raise(application)
    application.save()
    _audit(
        actor, plan, "decided", application_id=application.pk, side=side, decision=decision, status=application.status
    )
    if application.status in (ApplicationStatus.ADMITTED, ApplicationStatus.WAITLISTED):
        title = (
            _("You are admitted to %(p)s.")
            if application.status == ApplicationStatus.ADMITTED
            else _("You are on the waiting list of %(p)s.")
        ) % {"p": plan.name}
        _notify(
            [application.student.user],
            kind="enrolment.decided",
            title=title,
            link=reverse("enrolment:plan", args=[plan.pk]),
        )
    return application


# ---------------------------------------------------------------- the formed class


@transaction.atomic
def member_leave(
    *, actor: Actor, application: EnrolmentApplication, reason: str, note: str = ""
) -> EnrolmentApplication:
    """A member leaves the formed class: the reason is kept, the agreement ends, the project participation goes."""
    actor = as_actor(actor)
    application = EnrolmentApplication.objects.select_for_update().select_related("plan").get(pk=application.pk)
    if not perms.may_record_leave(actor, application):
        if application.plan.status != PlanStatus.FORMED or application.status != ApplicationStatus.ADMITTED:
            raise InvalidTransition(_("Only a member of a formed class leaves it."))
        raise PermissionDenied(_("The admins of the two parties record that a member left."))
    if reason not in LeaveReason.values:
        _refuse("reason", _("Choose why the student leaves."))
    note = (note or "").strip()
    if reason == LeaveReason.OTHER and not note:
        _refuse("note", _("Say why the student leaves."))
    plan = application.plan
    application.status = ApplicationStatus.LEFT
    application.save(update_fields=["status", "updated_at"])
    ApprenticeshipAgreement.objects.filter(application=application, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if plan.project_id:
        participant = plan.project.participants.filter(student_id=application.student_id).first()
        if participant is not None:
            partnership_services.participant_remove(actor=actor, participant=participant)
    change = ClassChange(
        plan=plan,
        application=application,
        kind=ChangeKind.LEFT,
        reason=reason,
        note=note[:300],
        at=timezone.now(),
        by=acting_user(actor),
    )
    full_clean_or_raise(change)
    change.save()
    _audit(actor, plan, "member_left", application_id=application.pk, reason=reason)
    return application


@transaction.atomic
def place_fill(*, actor: Actor, plan: EnrolmentPlan, today: dt.date | None = None) -> EnrolmentApplication:
    """The school's admin gives a free place to the first student on the waiting list (a replacement of the last
    member who left without one)."""
    actor = as_actor(actor)
    plan = _locked(plan)
    if not perms.may_fill_place(actor, plan):
        if plan.status != PlanStatus.FORMED:
            raise InvalidTransition(_("Places are filled in a formed class."))
        raise PermissionDenied(_("The school's admin fills a place from the waiting list."))
    members = EnrolmentApplication.objects.filter(plan=plan, status=ApplicationStatus.ADMITTED).count()
    if selection.free_places(plan.quota, members) == 0:
        raise Conflict(_("The class is full."))
    nxt = (
        EnrolmentApplication.objects.filter(plan=plan, status=ApplicationStatus.WAITLISTED)
        .select_related("student", "student__major")
        .order_by("decided_at", "id")
        .first()
    )
    if nxt is None:
        raise Conflict(_("Nobody is on the waiting list."))
    replaced = (
        ClassChange.objects.filter(plan=plan, kind=ChangeKind.LEFT)
        .exclude(application__replaced_by__kind=ChangeKind.REPLACEMENT)
        .order_by("at", "id")
        .first()
    )
    nxt.status = ApplicationStatus.ADMITTED
    nxt.save(update_fields=["status", "updated_at"])
    _enrol(actor, plan, nxt, today or timezone.localdate())
    ClassChange.objects.create(
        plan=plan,
        application=nxt,
        kind=ChangeKind.REPLACEMENT,
        replaces=replaced.application if replaced else None,
        at=timezone.now(),
        by=acting_user(actor),
    )
    _audit(actor, plan, "place_filled", application_id=nxt.pk, replaces=replaced.application_id if replaced else None)
    _notify(
        [nxt.student.user],
        kind="enrolment.decided",
        title=_("A place is free: you join %(p)s.") % {"p": plan.name},
        link=reverse("enrolment:plan", args=[plan.pk]),
    )
    return nxt


# ---------------------------------------------------------------- agreements


@transaction.atomic
def agreement_confirm(
    *, actor: Actor, agreement: ApprenticeshipAgreement, version: int | None = None, guardian_name: str = ""
) -> ApprenticeshipAgreement:
    """Each party confirms the version it read: the school (admin or teacher; it also records the guardian's
    consent for a minor), the enterprise's admin and the student."""
    actor = as_actor(actor)
    agreement = (
        ApprenticeshipAgreement.objects.select_for_update()
        .select_related("application", "application__plan")
        .get(pk=agreement.pk)
    )
    if version is not None and int(version) != agreement.version:
        raise Conflict(
            _("You confirmed version %(a)s, but the agreement is now at version %(v)d. Read it again.")
            % {"a": version, "v": agreement.version},
            errors={"version": [str(agreement.version)]},
        )
    if agreement.ended_at is not None:
        raise InvalidTransition(_("This agreement has ended."))
    party = perms.confirming_party(actor, agreement)
    now = timezone.now()
    guardian_name = (guardian_name or "").strip()
    if party == "school":
        actions = []
        if guardian_name:
            if not agreement.guardian_required:
                _refuse("guardian_name", _("The student is an adult; no guardian consent is needed."))
            if agreement.guardian_confirmed_at is not None:
                raise Conflict(_("The guardian's consent is already recorded."))
            agreement.guardian_name = guardian_name[:60]
            agreement.guardian_confirmed_at = now
            actions.append("guardian")
        if agreement.school_confirmed_at is None:
            agreement.school_confirmed_at, agreement.school_confirmed_by = now, acting_user(actor)
            actions.append("school")
        if not actions and agreement.guardian_required and agreement.guardian_confirmed_at is None:
            _refuse("guardian_name", _("Give the guardian's name once their written consent is in."))
        if not actions:
            raise Conflict(_("The school has already confirmed this agreement."))
        action = "_".join(actions)
    elif party == "enterprise":
        if agreement.enterprise_confirmed_at is not None:
            raise Conflict(_("The enterprise has already confirmed this agreement."))
        agreement.enterprise_confirmed_at, agreement.enterprise_confirmed_by = now, acting_user(actor)
        action = "enterprise"
    elif party == "student":
        if agreement.student_confirmed_at is not None:
            raise Conflict(_("You have already confirmed this agreement."))
        agreement.student_confirmed_at = now
        action = "student"
    else:
        raise PermissionDenied(_("Only the school, the enterprise's admin or the student confirm the agreement."))
    agreement.save()
    _audit(
        actor,
        agreement.application.plan,
        f"agreement_confirmed_{action}",
        agreement_id=agreement.pk,
        version=agreement.version,
    )
    return agreement
