"""Figure mistakes of C10 to C18 (the drawer module of ``test_checks_same_credit_figures``).

``FIGURE_MISTAKES`` names each mistake the figure checks of C10 to C18 can tell (and a few
right figures drawn otherwise); the drawers (``_same_credit_figures_late_draw``) draw it from
the variant's own data as a learner would. ``FIGURE_EXPECTED`` says what each earns, the same
for every variant: (fraction, start of one of its messages).
"""

from __future__ import annotations

from collections.abc import Callable

from _same_credit_figures_kit import _drawn
from _same_credit_figures_late_draw import (
    _c10_figure,
    _c11_figure,
    _c12_figure,
    _c13_figure,
    _c15_figure,
    _c16_figure,
    _c17_figure,
    _c18_figure,
)

#: item -> (variable, {mistake: drawer(case) -> figure or namespace}); "juste" is the right figure
FIGURE_MISTAKES: dict[str, tuple[str, dict[str, Callable]]] = {
    "c10.fig_temps_parole": (
        "fig_temps_parole",
        _drawn(
            _c10_figure,
            **{
                "titre de figure": {"suptitle": True},
                "parts en fractions": {"unit": "fraction"},
                "parts en secondes": {"unit": "secondes"},
                "courbe au lieu de barres": {"kind": "plot"},
            },
        ),
    ),
    "c11.fig_cumul": (
        "fig_cumul",
        _drawn(
            _c11_figure,
            **{
                "en barres": {"bars": True},
                "sans le point t=0": {"flows": "sans t=0"},
                "sans l'investissement": {"flows": "sans investissement"},
                "flux non cumulés": {"flows": "non cumulés"},
            },
        ),
    ),
    "c12.fig_zapo": (
        "fig_zapo",
        _drawn(
            _c12_figure,
            **{
                "bornes inversées": {"zone": "inversée"},
                "barre horizontale": {"zone": "barre"},
                "de l'ancrage au catalogue": {"zone": "ancrage-catalogue"},
                "bornes sans zone": {"zone": "lignes"},
            },
        ),
    ),
    "c13.fig_trajectoire": (
        "fig_trajectoire",
        _drawn(
            _c13_figure,
            **{
                "sans les contre-offres": {"counters": False},
                "sans vos offres": {"offers": False},
                "négociation inachevée": {"game": "inachevée"},
                "négociation d'un autre cas": {"game": "autre cas"},
                "transcription au lieu du moteur": {"hand_in": "transcription"},
            },
        ),
    ),
    "c15.fig_gantt": (
        "fig_gantt",
        _drawn(
            _c15_figure,
            **{
                "sans left=": {"bars": "sans left"},
                "fin comme durée": {"bars": "fin comme durée"},
                "fin incluse": {"bars": "fin incluse"},
                "débuts en points": {"bars": "points"},
                "triées par début": {"by_start": True},
                "fin incluse, triées par début": {"bars": "fin incluse", "by_start": True},
                "fin incluse, ni titre ni axes": {
                    "bars": "fin incluse",
                    "title": False,
                    "labels": False,
                },
            },
        ),
    ),
    "c16.fig_tableau_de_bord": (
        "fig_tableau_de_bord",
        _drawn(
            _c16_figure,
            **{
                "taux en fractions": {"scale": 0.01},
                "taux sur toutes les affaires": {"rate": "taux_transformation_toutes"},
                "cycle avec les affaires perdues": {"cycle": "cycle_moyen_toutes"},
                "couverture en %": {"coverage": 100.0},
                "sans la couverture": {"kpis": 2},
            },
        ),
    ),
    "c17.fig_matrice": (
        "fig_matrice",
        _drawn(
            _c17_figure,
            **{
                "axes permutés": {"swapped": True},
                "sommes des votes": {"points": "sommes"},
                "sans seuils": {"thresholds": 0},
                "un seul seuil": {"thresholds": 1},
                "un seul axe nommé": {"y_named": False},
            },
        ),
    ),
    "c18.fig_climat": (
        "fig_climat",
        _drawn(
            _c18_figure,
            **{
                "sommes au lieu des moyennes": {"scores": "sommes"},
                "moyenne par site": {"scores": "par site"},
                "par site, sans titre": {"scores": "par site", "title": False},
            },
        ),
    ),
}

#: what each figure mistake must earn, the same for every variant: (fraction, start of a hint)
FIGURE_EXPECTED: dict[tuple[str, str], tuple[float, str]] = {
    ("c10.fig_temps_parole", "juste"): (1.0, "Les barres représentent bien"),
    ("c10.fig_temps_parole", "titre de figure"): (1.0, "Les barres représentent bien"),
    ("c10.fig_temps_parole", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c10.fig_temps_parole", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c10.fig_temps_parole", "parts en fractions"): (0.6, "Les barres ne représentent pas"),
    ("c10.fig_temps_parole", "parts en secondes"): (0.6, "Les barres ne représentent pas"),
    ("c10.fig_temps_parole", "courbe au lieu de barres"): (0.4, "Aucune barre trouvée"),
    ("c11.fig_cumul", "juste"): (1.0, "La courbe représente bien"),
    ("c11.fig_cumul", "en barres"): (1.0, "La courbe représente bien"),
    ("c11.fig_cumul", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c11.fig_cumul", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c11.fig_cumul", "sans le point t=0"): (0.7, "Il manque le point t=0"),
    ("c11.fig_cumul", "sans l'investissement"): (0.4, "Aucune courbe ne correspond"),
    ("c11.fig_cumul", "flux non cumulés"): (0.4, "Aucune courbe ne correspond"),
    ("c12.fig_zapo", "juste"): (1.0, "La zone colorée couvre bien"),
    ("c12.fig_zapo", "bornes inversées"): (1.0, "La zone colorée couvre bien"),
    ("c12.fig_zapo", "barre horizontale"): (1.0, "La zone colorée couvre bien"),
    ("c12.fig_zapo", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c12.fig_zapo", "sans noms d'axes"): (0.8, "Nommez l'axe des prix"),
    ("c12.fig_zapo", "de l'ancrage au catalogue"): (0.4, "Aucune zone colorée ne couvre"),
    ("c12.fig_zapo", "bornes sans zone"): (0.4, "Aucune zone colorée ne couvre"),
    ("c13.fig_trajectoire", "juste"): (1.0, "Trajectoire de la négociation correctement"),
    ("c13.fig_trajectoire", "sans les contre-offres"): (0.8, "Les contre-offres de l'acheteur"),
    ("c13.fig_trajectoire", "sans vos offres"): (0.6, "Vos offres successives ne sont pas"),
    ("c13.fig_trajectoire", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c13.fig_trajectoire", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c13.fig_trajectoire", "négociation inachevée"): (0.0, "La négociation n'est pas terminée"),
    ("c13.fig_trajectoire", "négociation d'un autre cas"): (0.0, "Votre négociation ne se rejoue"),
    ("c13.fig_trajectoire", "transcription au lieu du moteur"): (0.0, "`negociation` doit être"),
    ("c15.fig_gantt", "juste"): (1.0, "Diagramme de Gantt correct"),
    ("c15.fig_gantt", "triées par début"): (1.0, "Diagramme de Gantt correct"),
    ("c15.fig_gantt", "sans titre"): (0.85, "Ajoutez un titre"),
    ("c15.fig_gantt", "sans noms d'axes"): (0.85, "Nommez les axes"),
    # one task starts at day 0 in every variant: its bar is right without left= (0.7 / 16)
    ("c15.fig_gantt", "sans left="): (0.3438, "1 barre(s) sur 16 placée(s)"),
    ("c15.fig_gantt", "fin comme durée"): (0.3438, "1 barre(s) sur 16 placée(s)"),
    ("c15.fig_gantt", "fin incluse"): (0.3, "0 barre(s) sur 16 placée(s)"),
    ("c15.fig_gantt", "débuts en points"): (0.3, "Aucune barre trouvée"),
    ("c15.fig_gantt", "fin incluse, triées par début"): (0.3, "0 barre(s) sur 16 placée(s)"),
    ("c15.fig_gantt", "fin incluse, ni titre ni axes"): (0.0, "0 barre(s) sur 16 placée(s)"),
    ("c16.fig_tableau_de_bord", "juste"): (1.0, "Tableau de bord complet"),
    ("c16.fig_tableau_de_bord", "sans titre"): (0.9, "Ajoutez un titre"),
    ("c16.fig_tableau_de_bord", "sans noms d'axes"): (0.9, "Nommez les axes"),
    # two indicators of three right, titles and axes named: 0.8 × 2/3 + 0.2
    ("c16.fig_tableau_de_bord", "taux en fractions"): (
        0.7333,
        "Indicateur(s) absent(s) ou faux : taux",
    ),
    ("c16.fig_tableau_de_bord", "taux sur toutes les affaires"): (
        0.7333,
        "Indicateur(s) absent(s) ou faux : taux",
    ),
    ("c16.fig_tableau_de_bord", "cycle avec les affaires perdues"): (
        0.7333,
        "Indicateur(s) absent(s) ou faux : cycle",
    ),
    ("c16.fig_tableau_de_bord", "couverture en %"): (
        0.7333,
        "Indicateur(s) absent(s) ou faux : couv",
    ),
    ("c16.fig_tableau_de_bord", "sans la couverture"): (
        0.7333,
        "Indicateur(s) absent(s) ou faux : couv",
    ),
    ("c17.fig_matrice", "juste"): (1.0, "Matrice impact × faisabilité complète"),
    ("c17.fig_matrice", "axes permutés"): (1.0, "Matrice impact × faisabilité complète"),
    ("c17.fig_matrice", "sans titre"): (0.85, "Ajoutez un titre"),
    ("c17.fig_matrice", "sans noms d'axes"): (0.85, "Nommez les axes"),
    ("c17.fig_matrice", "sommes des votes"): (0.5, "Le nuage ne montre pas un point par idée"),
    ("c17.fig_matrice", "sans seuils"): (0.7, "Tracez les deux seuils"),
    ("c17.fig_matrice", "un seul seuil"): (0.7, "Tracez les deux seuils"),
    # a title and one axis named satisfy labels_score(both_axes=False), not the check's 0.2
    ("c17.fig_matrice", "un seul axe nommé"): (0.9, "Nommez les deux axes"),
    ("c18.fig_climat", "juste"): (1.0, "Graphique du baromètre correct"),
    ("c18.fig_climat", "sans titre"): (0.85, "Ajoutez un titre"),
    ("c18.fig_climat", "sans noms d'axes"): (0.85, "Nommez les axes"),
    ("c18.fig_climat", "sommes au lieu des moyennes"): (0.3, "Les barres ne montrent pas le score"),
    ("c18.fig_climat", "moyenne par site"): (0.3, "Les barres ne montrent pas le score"),
    ("c18.fig_climat", "par site, sans titre"): (0.15, "Les barres ne montrent pas le score"),
}
