"""The ontology keeps the public contract: every term labelled, explained and aligned."""

from pathlib import Path

import pytest
from rdflib import OWL, RDFS, Graph, Namespace, URIRef

from kg.schema import NS

KG = Namespace(NS)
ONTOLOGY = Graph().parse(Path(__file__).parent.parent / "ontology" / "kg.ttl")
# The terms ../shared/CONTRACT.md requires, as it lists them.
CONTRACT = (
    ("Person", "Group", "Place", "Event", "Document", "Attack", "Killing", "Statement")
    + ("Demand", "Accusation", "Threat", "Deployment", "Withdrawal", "Legislation")
    + ("Negotiation", "Agreement", "memberOf", "leaderOf", "spokespersonOf", "partOf")
    + ("locatedIn", "backedBy", "agent", "target", "place", "date")
)
ALIGN = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)


@pytest.mark.parametrize("name", CONTRACT)
def test_contract_term_is_labelled_explained_and_aligned(name: str) -> None:
    term = KG[name]
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, RDFS.comment) is not None
    public = [
        o
        for p in ALIGN
        for o in ONTOLOGY.objects(term, p)
        if isinstance(o, URIRef) and not str(o).startswith(NS)
    ]
    assert public, f"{name} has no alignment to a public vocabulary"


def test_leader_and_spokesperson_imply_membership() -> None:
    for name in ("leaderOf", "spokespersonOf"):
        assert (KG[name], RDFS.subPropertyOf, KG.memberOf) in ONTOLOGY
