"""SHACL validation of a built graph against `ontology/shapes.ttl`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.paths import ontology_dir
from kg.query import load_graph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate_graph(path: str | Path) -> ValidationReport:
    data = load_graph(path, with_ontology=False)
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ont = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, report_graph, text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="rdfs", allow_warnings=True
    )
    from rdflib.namespace import SH

    violations = len(set(report_graph.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)
