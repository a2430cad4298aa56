"""Demo region: the demo student's placement has a conversation in which the enterprise mentor raises a problem
and the school mentor settles it (log in as demo_mentor or as the demo teacher to read it)."""

from __future__ import annotations

ORDER = 45


def seed(ctx) -> None:
    from workbridge.core.access import actor_for
    from workbridge.placements.models import Placement

    from . import services

    student = ctx.shared.get("demo_student")
    users = ctx.shared.get("users", {})
    placement = Placement.objects.filter(student=student, status="active").select_related("school_mentor__user").first()
    mentor, teacher = users.get("enterprise_mentor"), getattr(getattr(placement, "school_mentor", None), "user", None)
    if placement is None or mentor is None or teacher is None:
        return
    thread = services.thread_open(actor=actor_for(mentor), kind="placement", target_id=placement.pk)
    services.message_post(
        actor=actor_for(mentor),
        thread=thread,
        body="王老师您好，学生本周二、周三下午都提前离岗，说是身体不舒服，想跟您确认一下情况。",
    )
    services.message_post(
        actor=actor_for(teacher),
        thread=thread,
        body="已和学生及家长联系，是肠胃炎，已就医。周四起按时到岗，病假条我已上传到请假记录里。",
    )
    services.message_post(actor=actor_for(mentor), thread=thread, body="收到，谢谢老师。我这边把这两天补登为病假。")
