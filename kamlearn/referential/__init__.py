"""The certification referential: blocks, activities, competencies, criteria, levels, rules.

Data lives in ``rubrics/referential.yml``, ``rubrics/levels.yml`` and ``rubrics/rules.yml``;
:func:`load_referential` reads and validates them into frozen dataclasses::

    from kamlearn.referential import load_referential
    ref = load_referential()
    ref.competency("C6").modality.test_id   # "E5", shared with C5

Light to import (PyYAML only): learner kernels may import it.
"""

from kamlearn.referential._fields import SCHEMA_VERSION
from kamlearn.referential.loader import clear_referential_cache, load_referential
from kamlearn.referential.models import (
    MODALITY_KINDS,
    SETTING_LABELS,
    Activity,
    AutogradeThreshold,
    Block,
    Competency,
    Criterion,
    Level,
    Modality,
    Referential,
    Rules,
    VaeRoute,
)
from kamlearn.referential.render import FORMATS, render

__all__ = [
    "FORMATS",
    "MODALITY_KINDS",
    "SCHEMA_VERSION",
    "SETTING_LABELS",
    "Activity",
    "AutogradeThreshold",
    "Block",
    "Competency",
    "Criterion",
    "Level",
    "Modality",
    "Referential",
    "Rules",
    "VaeRoute",
    "clear_referential_cache",
    "load_referential",
    "render",
]
