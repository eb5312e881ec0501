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


# --- strict reading (issue 13): each refusal names its line --------------------------------


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        # An accommodation typed without its header column used to be dropped silently.
        (
            "id,first_name,last_name,email\na1,A,B,a@b.org\na2,C,D,c@d.org,tiers-temps\n",
            "line 3: 5 fields but the header (line 1) names 4",
        ),
        (
            "id,first_name,last_name,email\nalice,A,B,a@b.org\nALICE,C,D,c@d.org\n",
            "line 3: id 'ALICE' differs only by case from 'alice' on line 2",
        ),
        (
            "id,first_name,last_name,email,accommodations\na1,A,B,a@b.org,\n"
            "a2,C,D,c@d.org,tiers temps\n",
            "line 3: unknown accommodation 'tiers temps'; allowed: tiers-temps",
        ),
        (
            "id,first_name,last_name,email,accommodations\na1,A,B,a@b.org,tiers-temps;bogus\n",
            "line 2: unknown accommodation 'bogus'",
        ),
    ],
)
def test_strict_rows_are_refused_with_their_line(tmp_path, body, needle):
    path = write(tmp_path, body)
    with pytest.raises(LearnersFileError) as info:
        read_learners(path)
    assert needle in str(info.value)


def test_latin1_file_names_the_line_and_says_save_as_utf8(tmp_path):
    path = tmp_path / "learners.csv"
    path.write_bytes(
        "id,first_name,last_name,email\na1,Alice,Martin,a@b.org\nb2,Chloé,Durand,c@d.org\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(LearnersFileError) as info:
        read_learners(path)
    message = str(info.value)
    assert "line 3: not UTF-8" in message
    assert "Save the file as UTF-8" in message
    assert "0xe9" in message


def test_a_quoted_comma_is_one_field_and_multiline_rows_keep_their_first_line(tmp_path):
    path = write(
        tmp_path,
        'id,first_name,last_name,email\na1,"Jean, Marie",B,a@b.org\n'
        'a2,"Deux\nlignes",C,c@d.org\nA1,X,Y,x@y.org\n',
    )
    with pytest.raises(LearnersFileError) as info:
        read_learners(path)
    assert "line 5: id 'A1' differs only by case from 'a1' on line 2" in str(info.value)


def test_accommodation_list_agrees_with_the_time_conventions():
    from kamlearn.conventions import ACCOMMODATION_TIME_FACTORS
    from kamtrain.cohort.accommodations import load_accommodations

    listed = {a.id: a.time_factor for a in load_accommodations()}
    for name, factor in ACCOMMODATION_TIME_FACTORS.items():
        assert listed[name] == pytest.approx(factor)
    assert all(f == 1 for n, f in listed.items() if n not in ACCOMMODATION_TIME_FACTORS)


def test_accommodation_list_is_schema_versioned(tmp_path):
    from kamlearn.errors import SchemaVersionError
    from kamtrain.cohort.accommodations import load_accommodations

    (tmp_path / "accommodations.yml").write_text(
        "schema_version: 9\naccommodations: []\n", encoding="utf-8"
    )
    with pytest.raises(SchemaVersionError):
        load_accommodations(tmp_path)
