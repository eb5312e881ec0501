import pytest

from kamlearn.errors import LearnersFileError
from kamtrain.cohort.learners import read_learners


def write(tmp_path, text):
    path = tmp_path / "learners.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_learners_with_accommodations(tmp_path):
    path = write(
        tmp_path,
        "id,first_name,last_name,email,accommodations\n"
        "amartin,Alice,Martin,alice@example.org,\n"
        "bdurand,Bruno,Durand,bruno@example.org,tiers-temps\n",
    )
    learners = read_learners(path)
    assert [lr.id for lr in learners] == ["amartin", "bdurand"]
    assert learners[1].accommodations == ("tiers-temps",)
    assert learners[0].full_name == "Alice Martin"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("id,first_name,last_name,email\nbad id,A,B,a@b.org\n", "line 2: invalid id"),
        (
            "id,first_name,last_name,email\na1,A,B,a@b.org\na1,C,D,c@d.org\n",
            "line 3: id 'a1' already used on line 2",
        ),
        ("id,first_name,last_name,email\na1,A,B,not-an-email\n", "line 2: invalid email"),
        ("id,first_name,last_name,email\na1,,B,a@b.org\n", "line 2: first_name is empty"),
        ("id,first_name,email\na1,A,a@b.org\n", "line 1: missing column(s) last_name"),
        ("id,first_name,last_name,email,age\na1,A,B,a@b.org,3\n", "unknown column(s) age"),
        ("id,first_name,last_name,email\n", "no learner rows"),
    ],
)
def test_bad_rows_name_their_line(tmp_path, body, needle):
    path = write(tmp_path, body)
    with pytest.raises(LearnersFileError) as info:
        read_learners(path)
    assert needle in str(info.value)
    assert str(path) in str(info.value)
