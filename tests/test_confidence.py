from hypothesis import given
from hypothesis import strategies as st

from kg.confidence import combine, event_confidence, relation_prior


def test_priors_come_from_data() -> None:
    assert relation_prior("role-noun") == 0.85
    assert relation_prior("no-such-rule") == 0.5


def test_weaker_evidence_lowers_event_confidence() -> None:
    full = event_confidence("Attack", noun=False, agent=True, anaphoric=False, anchored=True)
    weak = event_confidence("Attack", noun=True, agent=False, anaphoric=False, anchored=False)
    assert full == 0.7 and weak < full


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=6))
def test_more_sources_never_lower_confidence(scores: list[float]) -> None:
    c = combine(scores)
    assert 0.0 <= c <= 0.999
    assert c >= min(max(scores), 0.999) - 1e-3
