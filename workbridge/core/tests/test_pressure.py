"""core.pressure reads the kernel's processor pressure (PSI): the share of the last ten seconds in which a
runnable task waited for a processor, or None where it is not reported."""

import pytest

from workbridge.core.pressure import cpu_pressure

PSI = "some avg10={some} avg60=34.40 avg300=49.18 total=788994029\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"


def test_reads_the_some_line_s_ten_second_average(tmp_path):
    path = tmp_path / "cpu"
    path.write_text(PSI.format(some="87.25"))
    assert cpu_pressure(path) == 87.25


@pytest.mark.parametrize(
    "text",
    [
        "",
        "full avg10=12.00 avg60=0.00 avg300=0.00 total=0\n",  # no "some" line
        "some avg60=1.00 total=3\n",  # no ten-second average
        PSI.format(some="lots"),
        PSI.format(some="-1"),
        PSI.format(some="100.5"),
        PSI.format(some="nan"),
        "\xff\xfe",
    ],
)
def test_anything_else_reads_as_not_reported(tmp_path, text):
    path = tmp_path / "cpu"
    path.write_bytes(text.encode("latin-1"))
    assert cpu_pressure(path) is None


def test_a_missing_file_reads_as_not_reported(tmp_path):
    assert cpu_pressure(tmp_path / "absent") is None


def test_the_machine_s_own_figure_is_a_share_or_not_reported():
    share = cpu_pressure()
    assert share is None or 0.0 <= share <= 100.0
