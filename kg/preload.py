"""What the parsing workers' fork server loads before it forks any of them (see
`kg.workers.warm`): spaCy, the model named by `KG_PRELOAD_MODEL` and kg's entity ruler, built
once, so that each worker forked from it starts with the pipeline in memory instead of
spending ~4.5 s loading it, and the server does that while the build reads its articles.

Imported only in that server process. Whatever goes wrong here is left for the workers: each
builds its pipeline again in `kg.workers._start` if this did not (its cache is keyed by model
and ontology folder), and reports the fault as a one-line error there."""

from __future__ import annotations

import os

PRELOAD_MODEL = "KG_PRELOAD_MODEL"


def _preload() -> None:
    model = os.environ.get(PRELOAD_MODEL)
    if not model:
        return
    try:
        import kg.extract  # noqa: F401  (the extraction rules' modules, imported once too)
        from kg.nlp import build_pipeline

        build_pipeline(model)
    except Exception:  # noqa: BLE001 -- a worker builds it again and reports the fault
        return


_preload()
