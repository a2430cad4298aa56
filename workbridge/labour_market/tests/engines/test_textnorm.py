from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.textnorm import _char_norm, normalize


def test_full_width_and_case():
    n = normalize("熟悉ＰＬＣ，Ｃ＋＋和Java")
    assert n.text == "熟悉plc,c++和java"
    assert len(n.text) == len(n.original)


def test_expanding_characters_map_back():
    n = normalize("①熟悉Python…")
    assert n.text.startswith("1、熟悉python")  # a circled number is a list marker
    s = n.text.index("python")
    a, b = n.to_original(s, s + len("python"))
    assert n.original[a:b] == "Python"


@given(st.text(max_size=60))
def test_offset_map_round_trips(text):
    n = normalize(text)
    offsets = n.offset_map()
    assert len(offsets) == len(n.text) + 1
    assert offsets[-1] == len(text)
    assert list(offsets) == sorted(offsets)
    # every normalised character comes from the original character it points to
    for i, ch in enumerate(n.text):
        src = text[offsets[i]]
        assert ch in _char_norm(src) or ch in src.lower() or ch == " "
    # any span maps back inside the original
    for i in range(len(n.text)):
        a, b = n.to_original(i, i + 1)
        assert 0 <= a < b <= len(text)
