"""Matrix registrations for compliance routes (see workbridge/core/matrix.py): one open violation per side."""

from workbridge.compliance.models import Checkpoint, Severity, Violation, subject_key
from workbridge.core.matrix import Const, register_route, register_sample

SUFFIX = {1: "甲", 2: "乙"}


def _violation(world, side):
    school, enterprise = getattr(world, f"school{side}"), getattr(world, f"enterprise{side}")
    code = f"MATRIX-{side}"
    return Violation.objects.create(
        rule_code=code,
        severity=Severity.HIGH,
        citation="《职业学校学生实习管理规定》第十八条",
        message_zh=f"机密违规{SUFFIX[side]}",
        message_en=f"matrix finding {side}",
        checkpoint=Checkpoint.POSITION_REVIEW,
        school=school,
        enterprise=enterprise,
        subject_key=subject_key(code, school_id=school.pk, enterprise_id=enterprise.pk),
    )


register_sample("violation", model=Violation, make=_violation, marker=lambda v: v.message_zh)
register_route("compliance:violation-detail", pk="violation")
register_route("compliance-violation-*", pk="violation")
# The regulation itself is public to every signed-in role (no region), so the rules list takes literal values.
register_route("compliance-rule-list", jurisdiction=Const("CN"), year=Const(2021))
