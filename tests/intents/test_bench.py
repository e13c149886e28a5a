"""The NLU benchmark's parts, on a small scale (the full run is `python main.py bench nlu`)."""

from __future__ import annotations

import pytest

from bench.nlu import DISTRACTORS, distractor_catalog, latency, realistic_queries
from intents import build_nlu, understand

from .conftest import NOW


@pytest.mark.skipif(not DISTRACTORS.exists(), reason="the distractor item names are not on this machine")
def test_distractors_do_not_displace_the_real_items(shipped) -> None:
    big = distractor_catalog(shipped, 400)
    assert len(big.items) == 400 and set(shipped.items) <= set(big.items)
    nlu = build_nlu(big)
    for text, item in [("换身份证要带什么", "id_card_renewal"), ("低保", "subsistence_allowance"),
                       ("社宝卡怎么办", "social_security_card"), ("刚生了孩子", "newborn_hukou")]:
        assert understand(nlu, text, NOW).item == item


def test_queries_are_realistic_and_latency_is_measured(shipped) -> None:
    queries = realistic_queries(shipped, 300)
    assert len(queries) == 300 and len(set(queries)) > 100
    median, p99, steady, longest = latency(shipped, queries, passes=1)
    assert 0 < median <= steady <= longest or 0 < median <= longest
