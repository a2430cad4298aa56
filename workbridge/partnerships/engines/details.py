"""Type-specific details of a cooperation project: what each project type must record. Pure: no Django.

``validate_details(project_type, details)`` returns ``(cleaned, errors)``: ``cleaned`` holds only the known
fields, converted to their types; ``errors`` maps a field name to a message (English; the service wraps it).
Unknown fields are rejected so typos never disappear silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "int", "money", "text", "choice", "list", "bool", "isbn"
    label: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


TRAINING_BASE_MODES = (
    ("school_in_factory", "School in factory"),
    ("factory_in_school", "Factory in school"),
)
APPRENTICESHIP_MODES = (
    ("modern_apprenticeship", "Modern apprenticeship"),
    ("dual_system", "Dual system"),
)
COURSE_DELIVERABLES = (("course", "Course"), ("textbook", "Textbook"), ("course_and_textbook", "Course and textbook"))
RND_KINDS = (("joint_rnd", "Joint R&D"), ("technical_service", "Technical service"), ("consulting", "Consulting"))
CERT_LEVELS = (("junior", "Entry"), ("intermediate", "Intermediate"), ("senior", "Senior"))

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "order_class": (
        Field("class_size", "int", "Class size", required=True, minimum=5, maximum=200),
        Field("target_posts", "list", "Target posts", required=True, help="one post per line"),
        Field("employment_commitment", "bool", "Enterprise commits to hire graduates"),
        Field("intake_year", "int", "Intake year", minimum=2000, maximum=2100),
    ),
    "apprenticeship": (
        Field("mode", "choice", "Mode", required=True, choices=APPRENTICESHIP_MODES),
        Field("apprentices", "int", "Apprentices", required=True, minimum=1, maximum=500),
        Field("students_per_mentor", "int", "Apprentices per enterprise mentor", minimum=1, maximum=10),
        Field("target_posts", "list", "Target posts"),
    ),
    "internship_base": (
        Field("capacity", "int", "Interns per year", required=True, minimum=1, maximum=5000),
        Field("posts", "list", "Internship posts"),
        Field("accommodation", "bool", "Accommodation provided"),
    ),
    "training_base": (
        Field("mode", "choice", "Mode", required=True, choices=TRAINING_BASE_MODES),
        Field("floor_area_m2", "money", "Floor area (m²)", required=True, minimum=1, maximum=1_000_000),
        Field("workstations", "int", "Workstations", minimum=1, maximum=10_000),
        Field("location", "text", "Location"),
    ),
    "joint_course": (
        Field("deliverable", "choice", "Deliverable", required=True, choices=COURSE_DELIVERABLES),
        Field("course_name", "text", "Course or textbook title", required=True),
        Field("isbn", "isbn", "ISBN (textbooks)"),
        Field("publisher", "text", "Publisher"),
    ),
    "enterprise_lecturer": (
        Field("lecturers", "int", "Enterprise lecturers", required=True, minimum=1, maximum=500),
        Field("hours_per_term", "int", "Teaching hours per term", required=True, minimum=1, maximum=5000),
        Field("courses", "list", "Courses taught"),
    ),
    "teacher_practice": (
        Field("teachers", "int", "Teachers on practice", required=True, minimum=1, maximum=500),
        Field("days", "int", "Days per teacher", required=True, minimum=1, maximum=365),
        Field("posts", "list", "Posts practised"),
    ),
    "joint_rnd": (
        Field("kind", "choice", "Kind", required=True, choices=RND_KINDS),
        Field("contract_amount", "money", "Contract amount (yuan)", required=True, minimum=0, maximum=1e11),
        Field("deliverables", "text", "Deliverables"),
    ),
    "certificate_1x": (
        Field("certificate_name", "text", "1+X certificate", required=True),
        Field("level", "choice", "Level", required=True, choices=CERT_LEVELS),
        Field("candidates", "int", "Candidates", required=True, minimum=1, maximum=10_000),
    ),
    "industrial_college": (
        Field("college_name", "text", "Industrial college name", required=True),
        Field("council_members", "int", "Council members", minimum=1, maximum=200),
        Field("majors_covered", "list", "Majors covered"),
    ),
}


def schema_for(project_type: str) -> tuple[Field, ...]:
    return SCHEMAS.get(project_type, ())


def isbn13_error(value: str) -> str | None:
    digits = value.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        return "an ISBN-13 has 13 digits"
    if not digits.startswith(("978", "979")):
        return "an ISBN-13 starts with 978 or 979"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        return "the ISBN check digit does not match"
    return None


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _convert(field: Field, value):
    """Return (converted, error)."""
    if field.kind == "int":
        if isinstance(value, bool):
            return None, "must be a whole number"
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            return None, "must be a whole number"
        return _range(field, number)
    if field.kind == "money":
        if isinstance(value, bool):
            return None, "must be a number"
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            return None, "must be a number"
        if not number.is_finite():
            return None, "must be a number"
        converted, error = _range(field, number)
        return (str(converted.quantize(Decimal("0.01"))) if error is None else None), error
    if field.kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on", "是"):
            return True, None
        if text in ("0", "false", "no", "off", "否"):
            return False, None
        return None, "must be yes or no"
    if field.kind == "choice":
        allowed = [key for key, _ in field.choices]
        if value not in allowed:
            return None, f"must be one of {', '.join(allowed)}"
        return value, None
    if field.kind == "list":
        items = value.splitlines() if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            return None, "must be a list of texts"
        cleaned = [str(item).strip()[:100] for item in items if str(item).strip()]
        if len(cleaned) > 50:
            return None, "at most 50 entries"
        return cleaned, None
    if field.kind == "isbn":
        text = str(value).strip()
        problem = isbn13_error(text)
        return (text.replace(" ", "") if problem is None else None), problem
    text = str(value).strip()
    if len(text) > 300:
        return None, "at most 300 characters"
    return text, None


def _range(field: Field, number):
    if field.minimum is not None and number < field.minimum:
        return None, f"must be at least {field.minimum:g}"
    if field.maximum is not None and number > field.maximum:
        return None, f"must be at most {field.maximum:g}"
    return number, None


def validate_details(project_type: str, details: dict | None) -> tuple[dict, dict[str, str]]:
    if project_type not in SCHEMAS:
        return {}, {"project_type": f"unknown project type {project_type!r}"}
    details = details or {}
    if not isinstance(details, dict):
        return {}, {"details": "must be an object of named fields"}
    fields = {f.name: f for f in SCHEMAS[project_type]}
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for key in details:
        if key not in fields:
            errors[key] = f"is not a field of {project_type} projects (known: {', '.join(fields)})"
    for name, field in fields.items():
        value = details.get(name)
        if _is_blank(value):
            if field.required:
                errors[name] = "is required"
            continue
        converted, error = _convert(field, value)
        if error:
            errors[name] = error
        elif field.required and converted == []:
            errors[name] = "is required"
        else:
            cleaned[name] = converted
    return (cleaned if not errors else {}), errors
