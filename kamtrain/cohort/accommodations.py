"""The accommodations a learner may have, listed in ``rubrics/accommodations.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ACCOMMODATIONS_FILE = "accommodations.yml"


@dataclass(frozen=True)
class Accommodation:
    id: str
    label: str
    time_factor: float = 1.0


def load_accommodations(rubrics_dir: Path | None = None) -> tuple[Accommodation, ...]:
    """Read and validate the list; raises DataFileError naming the field at fault."""
    from kamlearn.referential._fields import FieldReader, join, read_yaml

    if rubrics_dir is None:
        from kamlearn.paths import rubrics_dir as default_dir

        rubrics_dir = default_dir()
    path = Path(rubrics_dir) / ACCOMMODATIONS_FILE
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, ("schema_version", "accommodations"), "")
    found = []
    for i, item in enumerate(r.get(data, "accommodations", "list", "")):
        where = join("accommodations", i)
        r.check(item, "mapping", where)
        r.only_keys(item, ("id", "label", "time_factor"), where)
        ident = r.get(item, "id", "str", where)
        if ident != ident.strip().lower() or " " in ident:
            r.fail("an id is lower case, without spaces (e.g. tiers-temps)", join(where, "id"))
        factor = r.get(item, "time_factor", "number", where, required=False, default=1)
        if factor < 1:
            r.fail("a time factor is at least 1", join(where, "time_factor"))
        found.append(Accommodation(ident, r.get(item, "label", "str", where), float(factor)))
    r.unique(
        [a.id for a in found],
        [join(join("accommodations", i), "id") for i in range(len(found))],
        "id",
    )
    return tuple(found)
