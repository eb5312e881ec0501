"""``python -m kamtrain.simkeys``: regenerate the learner's copies of the personas."""

from kamtrain.simkeys import regenerate

for path in regenerate():  # pragma: no cover - maintenance command
    print(f"regenerated {path}")
