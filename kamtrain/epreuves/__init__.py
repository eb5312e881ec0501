"""Certification épreuves on the trainer side: role cards with hidden information, sittings
(pairs, groups, running order), kits (briefs, role cards, observer sheets), submitted work
and exam notebooks. The épreuves themselves are data: ``rubrics/epreuves.yml``."""
