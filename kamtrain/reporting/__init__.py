"""Scores per learner × criterion, from the gradebook and the notebooks' criteria."""
