"""What a learner's self-check cell calls: a coaching verdict that holds no expected value.

This first version checks that the answer exists; fingerprint-based coaching replaces it.
"""

from __future__ import annotations


def selfcheck(item: str, ns: dict) -> None:
    name = item.partition(".")[2]
    if name in ns:
        print(f"✅ `{name}` est définie. Le résultat détaillé vous sera donné à la correction.")
    else:
        print(f"❌ La variable `{name}` n'est pas définie : exécutez votre cellule de réponse.")
