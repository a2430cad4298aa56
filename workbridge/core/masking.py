"""How personal data is shown in lists: enough to recognise, never enough to misuse."""


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


# Roles that oversee a region, a group or an industry see records about students for counting and evidence, not to
# know who the students are: their names are masked wherever such a record is shown (issue 8 item 13).
OVERSIGHT_ROLES = frozenset({"authority_officer", "group_officer", "association_officer"})


def record_label(actor, obj) -> str:
    """How a record is named to this actor: its own text, with the student's name masked for oversight roles."""
    text = str(obj)
    if getattr(actor, "role", None) not in OVERSIGHT_ROLES:
        return text
    student = getattr(obj, "student", None) if getattr(obj, "student_id", None) else None
    if student is None and obj.__class__.__name__ == "Student":
        student = obj
    name = getattr(student, "name", "")
    return text.replace(name, mask_name(name)) if name else text
