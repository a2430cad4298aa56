"""Matrix registrations for academic routes: the world's objects of each side."""

from workbridge.academics.models import Cohort, Course, Department, Major, Student, Teacher
from workbridge.core.matrix import register_kwarg, register_route, register_sample
from workbridge.core.roles import Role

for name, model in (
    ("student", Student),
    ("teacher", Teacher),
    ("course", Course),
    ("major", Major),
    ("cohort", Cohort),
):
    register_sample(name, model=model, make=lambda w, side, name=name: getattr(w, f"{name}{side}"))
    register_kwarg(f"{name}_id", name)
register_sample("department", model=Department, make=lambda w, side: getattr(w, f"major{side}").department)
register_kwarg("department_id", "department")

SCHOOL_WRITERS = (Role.SCHOOL_ADMIN,)
for entity in ("department", "major", "cohort", "student", "teacher", "course"):
    register_route(f"academics:{entity}-create", write_roles=SCHOOL_WRITERS)
    register_route(f"{entity}-list", write_roles=SCHOOL_WRITERS)

# Account sheets (first passwords): only the school's own admins; another region's sheet is 404 for everyone.
from workbridge.academics.models import AccountSheet  # noqa: E402

register_sample(
    "account_sheet",
    model=AccountSheet,
    make=lambda w, side: AccountSheet.objects.create(school=getattr(w, f"school{side}"), reason="import", people=0),
)
register_kwarg("sheet_id", "account_sheet")
for name in ("academics:accounts-create-missing", "academics:accounts-reset", "academics:account-sheet-download"):
    register_route(name, write_roles=SCHOOL_WRITERS)
register_route("academics:accounts-link", write_roles=SCHOOL_WRITERS)
register_route("academics:claim", public=True)  # a student without a log-in makes one (学籍认证); rate-limited

# The account pages' API twins (apis_accounts.py): the school admin only.
register_route("account-sheet", pk="account_sheet")
for name in ("accounts-create-missing", "accounts-reset", "accounts-link"):
    register_route(name, write_roles=(Role.SCHOOL_ADMIN,))
