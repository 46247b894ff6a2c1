"""kg: build an RDF knowledge graph of groups, people, places and events from news articles."""

__version__ = "0.1.0"
