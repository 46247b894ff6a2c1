"""Output formats by `--format` name -> file name. Kept apart from the exporters so the
command line can list them without importing rdflib or spaCy; `kg.export.RENDERERS` holds
the function that writes each (a test checks the two agree)."""

FORMAT_FILES = {
    "ttl": "graph.ttl",
    "trig": "graph.trig",
    "nq": "graph.nq",
    "nt": "graph.nt",
    "jsonld": "graph.jsonld",
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "html": "graph.html",
}
DEFAULT_FORMATS = ("ttl", "trig", "html")
