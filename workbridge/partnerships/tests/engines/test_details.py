import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.partnerships.engines.details import SCHEMAS, isbn13_error, validate_details

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    project_type=st.sampled_from(sorted(SCHEMAS)),
    details=st.dictionaries(
        st.sampled_from([f.name for fields in SCHEMAS.values() for f in fields] + ["typo", ""]), json_values, max_size=6
    ),
)
def test_never_raises_and_either_clean_or_explained(project_type, details):
    cleaned, errors = validate_details(project_type, details)
    names = {f.name for f in SCHEMAS[project_type]}
    if errors:
        assert cleaned == {}
        assert all(isinstance(m, str) and m for m in errors.values())
    else:
        assert set(cleaned) <= names
        assert all(f.name in cleaned for f in SCHEMAS[project_type] if f.required)
        # Cleaning is idempotent: the cleaned form validates to itself.
        assert validate_details(project_type, cleaned) == (cleaned, {})


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from(["978", "979"]))
def test_isbn_check_digit(body, prefix):
    first12 = prefix + body
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    check = (10 - total % 10) % 10
    assert isbn13_error(first12 + str(check)) is None
    assert isbn13_error(first12 + str((check + 1) % 10)) is not None


@pytest.mark.parametrize(
    "project_type,details,field",
    [
        ("training_base", {"mode": "school-in-factory", "floor_area_m2": 100}, "mode"),  # hyphens are not the key
        ("training_base", {"mode": "factory_in_school"}, "floor_area_m2"),
        ("order_class", {"class_size": 40, "target_posts": ["", "  "]}, "target_posts"),
        ("order_class", {"class_size": 201, "target_posts": ["钳工"]}, "class_size"),
        ("order_class", {"class_size": True, "target_posts": ["钳工"]}, "class_size"),
        ("joint_course", {"deliverable": "textbook", "course_name": "PLC", "isbn": "9787040508036"}, "isbn"),
        ("joint_rnd", {"kind": "joint_rnd", "contract_amount": "abc"}, "contract_amount"),
        ("certificate_1x", {"certificate_name": "Web 前端开发", "level": "expert", "candidates": 30}, "level"),
        ("apprenticeship", {"mode": "dual_system", "apprentices": 20, "extra": 1}, "extra"),
    ],
)
def test_specific_errors_name_the_field(project_type, details, field):
    cleaned, errors = validate_details(project_type, details)
    assert field in errors and cleaned == {}


def test_clean_examples():
    cleaned, errors = validate_details(
        "order_class", {"class_size": "45", "target_posts": "设备维护员\n\n电气调试员", "employment_commitment": "是"}
    )
    assert errors == {} and cleaned == {
        "class_size": 45,
        "target_posts": ["设备维护员", "电气调试员"],
        "employment_commitment": True,
    }
    cleaned, errors = validate_details(
        "joint_course", {"deliverable": "textbook", "course_name": "PLC 应用技术", "isbn": "978-7-04-050803-1"}
    )
    assert errors == {} and cleaned["isbn"] == "978-7-04-050803-1"
    assert validate_details("unknown", {})[1] == {"project_type": "unknown project type 'unknown'"}
