"""Two costs nbgrader pays on every notebook and kamtrain does not need to pay.

- jsonschema builds about 40 lark grammars when it is imported with ``rfc3987_syntax``
  installed (for IRI format checks): 1 to 10 s per process. Neither nbformat nor
  nbgrader validates formats, so kamtrain's processes do not load it
  (:func:`skip_iri_grammars`, before nbformat is first imported).
- nbgrader validates each cell's ``metadata["nbgrader"]`` with ``jsonschema.validate``,
  which checks the schema itself against its meta-schema on every call (about 0.1 s per
  notebook, three times per notebook when grading). :func:`cache_metadata_validation`
  checks the schema once and reuses the validator: the same errors are raised for the
  same cells (the first ``best_match`` error, as ``jsonschema.validate`` raises).
"""

from __future__ import annotations

import sys
import types


def skip_iri_grammars() -> None:
    """Make ``import rfc3987_syntax`` fail in this process, unless it is already loaded."""
    sys.modules.setdefault("rfc3987_syntax", None)


def cache_metadata_validation() -> None:
    """Let nbgrader's metadata validator reuse one checked validator per schema. Idempotent."""
    from nbgrader.nbgraderformat import common

    if isinstance(common.jsonschema, _CachedJsonschema):
        return
    common.jsonschema = _CachedJsonschema(common.jsonschema)


class _CachedJsonschema(types.SimpleNamespace):
    """Stands for the ``jsonschema`` module inside nbgrader's ``nbgraderformat.common``."""

    def __init__(self, module) -> None:
        super().__init__(_module=module, _cache={})

    def __getattr__(self, name):
        return getattr(self._module, name)

    def validate(self, instance, schema, cls=None, *args, **kwargs):
        from jsonschema.exceptions import best_match
        from jsonschema.validators import validator_for

        if args or kwargs:
            return self._module.validate(instance, schema, cls, *args, **kwargs)
        hit = self._cache.get(id(schema))
        if hit is None or hit[0] is not schema:
            kind = cls or validator_for(schema)
            kind.check_schema(schema)
            hit = self._cache[id(schema)] = (schema, kind(schema))
        error = best_match(hit[1].iter_errors(instance))
        if error is not None:
            raise error
