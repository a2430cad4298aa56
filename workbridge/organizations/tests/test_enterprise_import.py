import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from workbridge.core import importing
from workbridge.core.exceptions import ImportFailed, PermissionDenied
from workbridge.core.roles import Role
from workbridge.organizations.engines.credit_code import make_credit_code
from workbridge.organizations.models import Organization, VettingStatus

HEADERS = ["统一社会信用代码", "企业名称", "所在地区代码", "行业门类", "行业大类", "企业规模"]


def xlsx(rows):
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_authority_imports_enterprises_and_reimport_updates(world):
    officer = world.users[Role.AUTHORITY_OFFICER]
    code = make_credit_code("91330100MA2EMP001")
    rows = [[code, "导入精密机械有限公司", "330100", "C", "34", "中型"]]
    plan = importing.import_file(actor=officer, kind="enterprises", data=xlsx(rows), filename="e.xlsx")
    assert plan.creates == 1
    org = Organization.objects.get(credit_code=code)
    assert org.vetting_status == VettingStatus.APPROVED and org.size_band == "medium"
    rows[0][5] = "large"
    plan = importing.import_file(actor=officer, kind="enterprises", data=xlsx(rows), filename="e.xlsx")
    assert plan.updates == 1 and Organization.objects.get(credit_code=code).size_band == "large"


@pytest.mark.django_db
def test_enterprise_import_errors(world):
    officer = world.users[Role.AUTHORITY_OFFICER]
    rows = [
        [make_credit_code("91330100MA2EMP002")[:-1] + "0", "坏代码公司", "330100", "C", "34", ""],
        [make_credit_code("91330100MA2EMP003"), "别区公司", "320100", "C", "34", ""],
        [make_credit_code("91330100MA2EMP004"), "错行业公司", "330100", "C", "99", ""],
    ]
    before = Organization.objects.count()
    with translation.override("en"), pytest.raises(ImportFailed) as info:
        importing.import_file(actor=officer, kind="enterprises", data=xlsx(rows), filename="e.xlsx")
    reasons = {(e["row"], e["column"]): e["reason"] for e in info.value.errors}
    assert (
        "check character" in reasons[(2, "统一社会信用代码")]
        or "invalid credit code" in reasons[(2, "统一社会信用代码")]
    )
    assert "outside your region" in reasons[(3, "所在地区代码")]
    assert "does not belong" in reasons[(4, "行业大类")]
    assert Organization.objects.count() == before
    with pytest.raises(PermissionDenied):
        importing.import_file(
            actor=world.users[Role.SCHOOL_ADMIN], kind="enterprises", data=xlsx(rows), filename="e.xlsx"
        )
