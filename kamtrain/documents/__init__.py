"""Documents written for the jury and candidates: HTML from jinja2 templates, PDF from the
same HTML (weasyprint), plots from :mod:`kamtrain.documents.plots`, CSV exports."""
