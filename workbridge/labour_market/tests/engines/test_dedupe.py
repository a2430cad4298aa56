from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.labour_market.engines.dedupe import NearDuplicateIndex, exact_jaccard, posting_fingerprint

AD = (
    "岗位职责：1、负责发电侧储能的相关数据分析：功率预测，综合自动化的数据，客户考核罚款数据，电力交易数据。"
    "2、算法优化：负责寻找能够改善发电侧储能经济效益或者运行效果的算法，包括机器学习、知识应用、智能寻优等技术的应用。"
    "任职资格：1、硕士及以上学历，数学、计算机、自动化、通信等相关专业。"
)
# the same ad as reposted in the shared data: other numbering, spacing and punctuation
REPOST = (
    "岗位职责：  1. 负责发电侧储能的相关数据分析：功率预测，综合自动化的数据，客户考核罚款数据，电力交易数据； "
    "2. 算法优化：负责寻找能够改善发电侧储能经济效益或者运行效果的算法，包括机器学习、知识应用、智能寻优等技术的应用； "
    "任职资格：  1. 硕士及以上学历，数学、计算机、自动化、通信等相关专业"
)
OTHER = (
    "岗位职责：负责公司财务核算、出纳与税务申报；任职要求：会计专业大专以上，熟悉用友和金蝶财务软件，有初级会计职称。"
)


def test_fingerprint_ignores_case_space_punctuation_and_numbers():
    a = posting_fingerprint("Python开发工程师", "某公司", "1.熟悉 Python；2.熟悉Django")
    b = posting_fingerprint("python开发工程师 ", "某公司", "一、熟悉python 二、熟悉 django。")
    assert a != posting_fingerprint("Java开发工程师", "某公司", "熟悉Java")
    assert a == posting_fingerprint("PYTHON开发工程师", "某公司", "(1) 熟悉Python (2) 熟悉Django")
    assert b != a  # Chinese numerals are words, not stripped digits


def test_reposted_ad_is_found_and_other_ad_is_not():
    idx = NearDuplicateIndex()
    assert idx.add("a", AD) is None
    assert idx.add("b", OTHER) is None
    assert idx.add("c", REPOST) == "a"
    assert "c" not in idx and len(idx) == 2
    assert exact_jaccard(AD, REPOST) > 0.8 > exact_jaccard(AD, OTHER)


def test_exact_copy_is_a_duplicate():
    idx = NearDuplicateIndex()
    idx.add(1, OTHER)
    assert idx.add(2, OTHER) == 1


def test_duplicate_ids_are_refused():
    idx = NearDuplicateIndex()
    idx.add(1, AD)
    try:
        idx.add(1, OTHER)
    except ValueError:
        return
    raise AssertionError("re-adding an id must fail")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_never_raises_and_only_points_back(texts):
    idx = NearDuplicateIndex()
    seen = []
    for i, t in enumerate(texts):
        dup = idx.add(i, t)
        assert dup is None or dup in seen
        if dup is None:
            seen.append(i)
