"""The jury grid (ipywidgets): evidence on the left, criteria with levels on the right.

Pick a candidate and a competency; each criterion gets a level (buttons labelled with the
scale, descriptors shown in the tooltip) and a comment; « Enregistrer » records them through
:func:`kamtrain.jury.api.assess` with the version last read, so a concurrent change is
reported instead of overwritten. Oral tests and VAE candidates use the same grid.

The grid is a member's: it opens only for a member of the session, lists only the session's
registered, present candidates, and shows only this member's own levels (blind double
marking). In anonymous mode candidates are listed by code, in the order of their codes, and
the widgets hold codes only (the mapping to learners stays in the kernel's memory, never in
the notebook's saved widget state). Testable without a browser: set ``.value`` and call
``.click()``.
"""

from __future__ import annotations

import html
from pathlib import Path


class JuryGrid:
    """Grid for one assessor over one cohort.

    Args:
        course_dir: the cohort folder.
        assessor: the member's name (case, accents and spaces do not matter).
        anonymous: show candidate codes instead of names.
        session: jury session name (the latest by default).

    Raises:
        NotAMemberError: ``assessor`` is not a member of the session.
    """

    def __init__(
        self,
        *,
        course_dir: Path,
        assessor: str,
        anonymous: bool = False,
        session: str | None = None,
    ):
        import ipywidgets as w

        from kamtrain.jury.anonymity import anonymous_order, cohort_codes
        from kamtrain.jury.api import member, open_context, resolve_session
        from kamtrain.jury.sessions import decided_learners

        self.course_dir = Path(course_dir)
        self.ctx = open_context(self.course_dir)
        with self.ctx.store() as store:
            sess = resolve_session(store, session)
            self.assessor = member(sess, assessor).name
            registered = decided_learners(store.candidates(session=sess.name))
        self.session = sess.name
        self.anonymous = anonymous
        names = {x.id: x.full_name for x in self.ctx.learners}
        if anonymous:
            codes = cohort_codes(self.ctx.course_dir, registered)
            self._learners = {codes[lid]: lid for lid in registered}
            options = [(codes[lid], codes[lid]) for lid in anonymous_order(codes)]
        else:
            self._learners = {lid: lid for lid in registered}
            options = [(names[lid], lid) for lid in registered]
        self.candidate = w.Dropdown(description="Candidat", options=options)
        self.competency = w.Dropdown(
            description="Compétence",
            options=[
                (f"{c.id} – {c.modality.kind_label}", c.id)
                for c in self.ctx.referential.competencies
            ],
        )
        self.evidence = w.HTML()
        self.criteria_box = w.VBox()
        self.submit_button = w.Button(description="Enregistrer", button_style="primary")
        self.final_button = w.Button(
            description="Soumettre ce candidat",
            button_style="warning",
            tooltip="Vos niveaux deviennent définitifs et visibles de l'autre évaluateur "
            "dès qu'il aura soumis les siens (double correction à l'aveugle).",
        )
        self.scale = w.HTML(_scale_html(self.ctx.referential.levels))
        self.message = w.HTML()
        self.levels: dict[str, w.ToggleButtons] = {}
        self.comments: dict[str, w.Textarea] = {}
        self._versions: dict[str, int] = {}
        self.candidate.observe(lambda _: self.refresh(), names="value")
        self.competency.observe(lambda _: self.refresh(), names="value")
        self.submit_button.on_click(lambda _: self.save())
        self.final_button.on_click(lambda _: self.submit())
        self.widget = w.VBox(
            [
                w.HBox([self.candidate, self.competency]),
                w.HBox([self.evidence, w.VBox([self.scale, self.criteria_box])]),
                w.HBox([self.submit_button, self.final_button]),
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """Reload evidence and this assessor's current levels for the chosen pair."""
        import ipywidgets as w

        from kamtrain.jury.evidence import collect_evidence

        comp = self.ctx.referential.competency(self.competency.value)
        learner = self.learner
        if learner is None:
            self.criteria_box.children = ()
            self.message.value = "Aucun candidat inscrit à cette session."
            return
        with self.ctx.store() as store:
            mine = {
                a.criterion: a
                for a in store.current(session=self.session)
                if a.assessor == self.assessor and a.learner == learner
            }
            record = store.vae(session=self.session).get(learner)
            outside = _outside_note(store, self.session, learner, comp.id, record is not None)
        vae = None
        if record is not None:
            vae = "livret déposé" if self.anonymous else record.original_name
        from kamtrain.epreuves.exam_grade import exam_evidence
        from kamtrain.epreuves.submissions import evidence_for

        ev = collect_evidence(
            course_dir=self.course_dir,
            learner=learner,
            competency=comp,
            vae_evidence=vae,
            handed_in=evidence_for(course_dir=self.course_dir, learner=learner, competency=comp.id),
            exam=exam_evidence(course_dir=self.course_dir, learner=learner, competency=comp.id),
        )
        self.evidence.value = evidence_html(ev)
        scale = self.ctx.referential.levels
        rows, self.levels, self.comments, self._versions = [], {}, {}, {}
        for crit in comp.criteria:
            current = mine.get(crit.id)
            toggle = w.ToggleButtons(
                options=[(str(lv.value), lv.value) for lv in scale],
                value=None if current is None else current.level,
                tooltips=[f"{lv.label} : {lv.descriptor}" for lv in scale],
                disabled=bool(current and current.submitted) or bool(outside),
            )
            comment = w.Textarea(
                value="" if current is None else current.comment, placeholder="Commentaire"
            )
            self.levels[crit.id], self.comments[crit.id] = toggle, comment
            self._versions[crit.id] = 0 if current is None else current.version
            text = f"<b>{crit.id}</b> {html.escape(comp.criteria_intro)} {html.escape(crit.text)}"
            text += indicators_html(crit.id)
            rows.append(w.VBox([w.HTML(text), toggle, comment]))
        self.criteria_box.children = rows
        self.message.value = outside

    @property
    def learner(self) -> str | None:
        """The learner id behind the selected candidate (a code in anonymous mode)."""
        return self._learners.get(self.candidate.value)

    def save(self) -> int:
        """Record every criterion given a level; returns how many were saved."""
        from kamlearn.errors import KamtrainError
        from kamtrain.jury.api import assess

        saved = 0
        try:
            for crit, toggle in self.levels.items():
                if toggle.value is None or toggle.disabled:
                    continue
                a = assess(
                    course_dir=self.course_dir,
                    assessor=self.assessor,
                    learner=self.learner,
                    criterion=crit,
                    level=toggle.value,
                    comment=self.comments[crit].value,
                    session=self.session,
                    expected_version=self._versions[crit],
                )
                self._versions[crit] = a.version
                saved += 1
        except KamtrainError as exc:
            self.message.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return saved
        self.message.value = f"{saved} niveau(x) enregistré(s)."
        return saved

    def submit(self) -> int:
        """Save, then submit this assessor's levels for the candidate (they become final)."""
        from kamlearn.errors import KamtrainError
        from kamtrain.jury.api import submit

        self.save()
        try:
            count = submit(
                course_dir=self.course_dir,
                assessor=self.assessor,
                learner=self.learner,
                session=self.session,
            )
        except KamtrainError as exc:
            self.message.value = (
                f"<span style='color:#b00'>Soumission impossible : {html.escape(str(exc))}</span>"
            )
            return 0
        self.refresh()
        self.message.value = f"{count} niveau(x) soumis : ils ne peuvent plus être modifiés."
        return count


def _scale_html(levels) -> str:
    items = "".join(
        f"<li><b>{lv.value} – {html.escape(lv.label)}</b> : {html.escape(lv.descriptor)}</li>"
        for lv in levels
    )
    return f"<details><summary>Échelle des niveaux</summary><ul>{items}</ul></details>"


def indicators_html(criterion: str) -> str:
    """The criterion's observable indicators, one per level (rubrics/indicators.yml)."""
    from kamlearn.referential.epreuves_loader import load_epreuves

    texts = load_epreuves().indicators(criterion)
    items = "".join(f"<li><b>{i}</b> : {html.escape(t)}</li>" for i, t in enumerate(texts))
    return f"<details><summary>Indicateurs observables</summary><ul>{items}</ul></details>"


def evidence_html(ev) -> str:
    """French HTML summary of an :class:`kamtrain.jury.evidence.Evidence`."""
    parts = [f"<h4>Preuves – {ev.competency}{' (épreuve orale)' if ev.oral else ''}</h4>"]
    if ev.vae_evidence:
        parts.append(f"<p>VAE : livret de preuves « {html.escape(ev.vae_evidence)} »</p>")
    for h in ev.handed_in:
        files = ", ".join(
            f"{html.escape(f.name)} (SHA-256 {f.sha256[:12]}…, {f.size} octets)" for f in h.files
        )
        by = (
            f", remis une fois par le groupe {h.group} : {html.escape(', '.join(h.members))}"
            if getattr(h, "group", None)
            else ""
        )
        parts.append(
            f"<p><b>Remis pour {h.epreuve} – {html.escape(h.label)}</b> (version {h.version}, "
            f"{html.escape(h.received_at)}{by}) : {files}</p>"
        )
    for s in ev.autograde:
        if s.proposed_level is None:
            # Oral, pair or group competency: the workbook only prepared the épreuve.
            parts.append(
                f"<p>Entraînement (préparation, sans niveau proposé) {s.criterion} : "
                f"{s.score}/{s.max_score}</p>"
            )
        else:
            parts.append(
                f"<p>Correction automatique {s.criterion} : {s.score}/{s.max_score} "
                f"(niveau proposé {s.proposed_level})</p>"
            )
    for cell in ev.answers:
        parts.append(
            f"<p><b>{cell.notebook} · {cell.grade_id}</b></p><pre>{html.escape(cell.source)}</pre>"
        )
        if cell.image_png and cell.image_png.isascii():
            # Checked on the trusted side (PNG signature, size) before it was stored.
            parts.append(
                f'<img alt="Figure du candidat" style="max-width:100%" '
                f'src="data:image/png;base64,{html.escape(cell.image_png)}"/>'
            )
        if cell.model_answer:
            parts.append(
                "<details><summary>Corrigé indicatif (jury)</summary>"
                f"<pre>{html.escape(cell.model_answer)}</pre></details>"
            )
    for sim in ev.simulations:
        parts.append(f"<p><b>Simulation {sim.simulator}</b> ({sim.attempts} tentative(s))</p>")
        parts.append("<pre>" + html.escape("\n".join(sim.transcript[-30:])) + "</pre>")
    if ev.empty:
        parts.append("<p>Aucune trace écrite : épreuve évaluée à l'oral par le jury.</p>")
    return "".join(parts)


def _outside_note(store, session: str | None, learner: str, competency: str, vae: bool) -> str:
    """French note when ``learner`` sits no sitting of ``competency``'s épreuve in the
    session (its levels would be refused: :mod:`kamtrain.jury.epreuve_scope`), else ""."""
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.jury.api import resolve_session

    if vae:
        return ""
    name = resolve_session(store, session).name
    ep = load_epreuves().for_competency(competency).id
    if learner in store.seated(session=name).get(ep, {}):
        return ""
    return (
        f"<span style='color:#b00'>Aucun passage de l'épreuve {ep} n'est attribué à ce "
        f"candidat dans la session {html.escape(name)} : {competency} ne peut pas être "
        "évaluée ici. Le formateur doit d'abord planifier les passages de cette épreuve "
        "pour la session.</span>"
    )
