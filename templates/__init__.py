"""Document templates of zi-risk (Jinja2), shipped as the package ``zi_risk.templates``."""
