"""One small exception family; the CLI turns each into a one-line message and exit status 1."""


class KGError(Exception):
    """Base class: a problem the user can fix. The message names the bad value and the fix."""


class InputError(KGError):
    """A missing, empty, unreadable or undecodable input."""


class ModelError(KGError):
    """The spaCy pipeline cannot be loaded."""


class QueryError(KGError):
    """A SPARQL query that does not parse or cannot run."""


class GraphError(KGError):
    """A graph file that is missing or does not parse."""


class RuleError(KGError):
    """A file in `ontology/` that is missing, malformed or names what the ontology lacks.
    The message names the file, the entry and what is wrong."""


class ConfigError(KGError):
    """A bad option value (a base IRI with no scheme, an unknown format)."""


class WorkerError(KGError):
    """A parsing worker process died (out of memory, killed)."""
