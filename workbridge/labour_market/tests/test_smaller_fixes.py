"""Issue 11, "Smaller ones": English strength words, one posting per \\n line in .txt files (not cut at U+2028),
and plain-text postings coded and banded from their text."""

from workbridge.labour_market import tabular
from workbridge.labour_market.engines.extract import default_extractor
from workbridge.labour_market.engines.pipeline import analyse, draft_from_record


def test_english_requirement_words_set_the_strength():
    found = {
        m.surface: m.strength
        for m in default_extractor().extract(
            "Proficient in Python and familiar with Docker; experience with Kubernetes is a plus. Knowledge of SQL."
        )
    }
    assert found == {"Python": "proficient", "Docker": "familiar", "Kubernetes": "preferred", "SQL": "aware"}


def test_a_txt_file_has_one_posting_per_newline_even_with_unicode_line_separators_inside():
    table = tabular.read_table("数控车工\u2028熟悉FANUC\n电工\r\n".encode(), "txt")
    assert [row["text"] for _line, row in table.rows] == ["数控车工\u2028熟悉FANUC", "电工"]


def test_a_plain_text_posting_gets_an_occupation_code_and_an_education_band():
    draft = analyse(draft_from_record(1, {"text": "数控车工，负责数控车床操作，中专及以上学历，熟悉FANUC系统"}))
    assert draft.occupation_code.startswith("6-18") and draft.education_band == "secondary"
    heading = analyse(draft_from_record(2, {"text": "岗位职责：负责嵌入式软件开发，本科及以上学历"}))
    assert heading.education_band == "bachelor"  # a section heading is not taken for the post's name
