"""The jury's ipywidgets grid (trainer side); the simulators' fronts are in kamlearn.widgets."""
