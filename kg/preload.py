"""What the parsing workers' fork server loads before it forks any of them (see
`kg.workers.warm`): spaCy, the model named by `KG_PRELOAD_MODEL` and kg's entity ruler, built
once, so that each worker forked from it starts with the pipeline in memory instead of
spending ~4.5 s loading it, and the server does that while the build reads its articles.
It then takes a short article through the extraction, so the data that loads lazily on a
first article is in memory before any worker is forked.

Imported only in that server process. Whatever goes wrong here is left for the workers: each
builds its pipeline again in `kg.workers._start` if this did not (its cache is keyed by model
and ontology folder), and reports the fault as a one-line error there."""

from __future__ import annotations

import os

PRELOAD_MODEL = "KG_PRELOAD_MODEL"
# a short report that takes the extraction through its usual paths (a dateline, a title,
# an attack, a statement, a place): the article is thrown away
WARM_UP = (
    "Gunmen attack convoy near capital\n\n"
    "KABUL, March 3 (Reuters) - Gunmen attacked a police convoy near the city on Monday, "
    "killing two officers, Interior Ministry spokesman Ahmad Karimi said. The Taliban "
    "denied responsibility and accused the government of lying."
)


def _preload() -> None:
    model = os.environ.get(PRELOAD_MODEL)
    if not model:
        return
    try:
        from kg.extract import extract_corpus
        from kg.models import Article
        from kg.nlp import build_pipeline

        nlp = build_pipeline(model)
        # what the extraction loads on its first article (rule files, the gazetteer, the
        # actor tables: ~0.6 s) is loaded here once, not in each worker after its fork
        list(extract_corpus(nlp, [Article("warm-up", "", "", WARM_UP, "")]))
    except Exception:  # noqa: BLE001 -- a worker builds it again and reports the fault
        return


_preload()
