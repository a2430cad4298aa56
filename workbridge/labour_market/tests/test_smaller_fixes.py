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


def test_every_english_strength_phrase_of_the_issue_is_detected_like_the_chinese_ones():
    extractor = default_extractor()
    for sentence, strength in (
        ("Proficient in Python.", "proficient"),
        ("Familiar with Python.", "familiar"),
        ("Experience with Python.", "familiar"),
        ("Knowledge of Python.", "aware"),
        ("Expert in Python.", "expert"),
        ("Basic understanding of Python.", "aware"),
        ("熟悉Python。", "familiar"),
    ):
        [match] = [m for m in extractor.extract(sentence) if m.surface == "Python"]
        assert match.strength == strength, sentence


def test_the_extract_skills_reader_splits_txt_and_jsonl_only_at_newlines(tmp_path):
    def read_postings(path):
        return tabular.posting_rows(path.read_bytes(), name=path.name)

    txt = tmp_path / "jd.txt"
    txt.write_text("数控车工\u2028熟悉FANUC\r\n\n电工\u2029持证上岗\n", encoding="utf-8")
    assert [r.text for r in read_postings(txt)] == ["数控车工\u2028熟悉FANUC", "电工\u2029持证上岗"]
    jsonl = tmp_path / "jd.jsonl"
    jsonl.write_text('{"title": "电工", "text": "持证\u2028上岗"}\n', encoding="utf-8")
    assert [r.text for r in read_postings(jsonl)] == ["持证\u2028上岗"]
    table = tabular.read_table('{"title": "电工", "text": "持证\u2028上岗"}\n'.encode(), "jsonl")
    assert [row["text"] for _line, row in table.rows] == ["持证\u2028上岗"]


def test_the_extract_skills_output_of_a_plain_text_posting_has_an_occupation_code_and_an_education_band(tmp_path):
    from workbridge.labour_market.engines.postings import analyse_posting

    txt = tmp_path / "jd.txt"
    txt.write_text("数控车工，负责数控车床操作，中专及以上学历，熟悉FANUC系统\n", encoding="utf-8")
    [row] = list(tabular.posting_rows(txt.read_bytes(), name=txt.name))
    out = analyse_posting(row)
    assert out["occupation_code"].startswith("6-18")
    assert out["education_band"] == "secondary"
