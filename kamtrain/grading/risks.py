"""What each kind of problem can still do to the trainer's machine without a container.

Shown in the grading report next to each problem (French, for the trainer and the
jury). kamtrain's isolation is a temporary folder, a per-cell timeout, output limits
and a watch over the course folder: it is not a security boundary. Learners' code runs
as the trainer's user; a container or a dedicated account (see the README) is one.
"""

from __future__ import annotations

from dataclasses import replace

from kamtrain.grading.model import Problem

_SAME_USER = "Le code de l'apprenant s'exécute avec votre compte utilisateur"

RESIDUAL_RISKS: dict[str, str] = {
    "timeout": (
        "Une boucle infinie est interrompue après le délai par cellule, mais elle occupe "
        "un cœur jusque-là ; un processus lancé en arrière-plan (thread, sous-processus "
        "détaché) peut survivre à l'arrêt du noyau. Un conteneur limite le CPU et tue tout."
    ),
    "kernel_died": (
        "L'arrêt du noyau n'affecte que cette remise. Un code qui épuise la mémoire peut "
        "toutefois ralentir toute la machine avant que le système ne l'arrête : sans "
        "conteneur, aucune limite de mémoire n'est imposée."
    ),
    "output_truncated": (
        "La sortie est bornée par cellule dans la mémoire du correcteur, mais le noyau peut "
        "encore remplir le disque (fichiers temporaires) ou la mémoire avant d'être arrêté."
    ),
    "outside_write": (
        f"{_SAME_USER} : il peut lire et modifier tout fichier accessible par un chemin "
        "absolu (vos documents, ~/.ssh, un autre dossier de cohorte, une base PostgreSQL "
        "dont l'adresse est lisible). Seul le dossier de la cohorte est surveillé et "
        "restauré. Corrigez dans un conteneur ou sous un compte dédié."
    ),
    "tampered_cells": (
        "Les cellules de test sont restaurées depuis la version source : aucun risque pour "
        "la note. Le code des cellules de réponse s'exécute néanmoins avec vos droits."
    ),
    "cells_restored": "Aucun : les cellules supprimées sont restaurées depuis la version source.",
    "cells_reordered": "Aucun pour la machine ; l'ordre remis peut seulement coûter des points à l'apprenant.",
    "invalid_notebook": "Aucun : le fichier n'est pas exécuté.",
    "not_a_notebook": "Aucun : le fichier n'est pas exécuté.",
    "missing_notebook": "Aucun : rien n'est exécuté.",
    "execution_error": (
        f"{_SAME_USER} ; une erreur d'exécution n'est pas en soi un risque, mais le code "
        "exécuté avant l'erreur a eu vos droits."
    ),
}


def with_residual_risk(problem: Problem) -> Problem:
    """Return ``problem`` with its residual risk filled in (kept if already set)."""
    if problem.residual_risk:
        return problem
    return replace(problem, residual_risk=RESIDUAL_RISKS.get(problem.kind, _SAME_USER + "."))
