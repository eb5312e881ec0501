"""Copy detection: rank pairs of submissions by the similarity of their answer cells.

``collect`` reads the answer cells (nbgrader solution cells) of ``submitted/``;
``normalize`` turns code into name-free tokens and written answers into word shingles;
``compare`` scores every pair of learners; ``render`` writes the jury's French HTML page.
:func:`kamtrain.similarity.compare.flag_similar` is what the grading report calls.
"""
