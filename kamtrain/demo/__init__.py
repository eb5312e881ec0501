"""Demonstration helpers: simulated learners (:mod:`kamtrain.demo.simulate`)."""
