import pytest

from cspdesk.performance.lsoa import district_of


@pytest.mark.parametrize("name, district", [
    ("Bassetlaw 012C", "Bassetlaw"),
    ("Newark and Sherwood 001A", "Newark and Sherwood"),
    ("Derbyshire Dales 001A", "Derbyshire Dales"),
    ("Derby 001A", "Derby"),
    ("  Nottingham 045B ", "Nottingham"),
    ("Bassetlaw", None),
    ("Bassetlaw 12C", None),
    ("", None),
    (None, None),
])
def test_district_of_an_lsoa_name(name, district):
    assert district_of(name) == district
