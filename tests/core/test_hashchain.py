from hypothesis import given
from hypothesis import strategies as st

from rampart.core.hashchain import GENESIS, ChainLink, entry_hash, first_break

fields = st.dictionaries(
    st.sampled_from(["action", "actor", "object_id", "detail"]),
    st.one_of(st.text(max_size=20), st.integers()),
    min_size=1,
)


def build(entries):
    links, previous = [], GENESIS
    for i, f in enumerate(entries, start=1):
        h = entry_hash(previous, f)
        links.append(ChainLink(i, f, previous, h))
        previous = h
    return links


@given(st.lists(fields, min_size=1, max_size=8))
def test_an_untouched_chain_has_no_break(entries):
    assert first_break(build(entries)) is None


@given(st.lists(fields, min_size=2, max_size=8), st.data())
def test_changing_any_entry_is_found_at_that_entry(entries, data):
    links = build(entries)
    i = data.draw(st.integers(0, len(links) - 1))
    changed = {**links[i].fields, "action": "tampered-" + str(links[i].fields.get("action"))}
    links[i] = ChainLink(links[i].id, changed, links[i].previous, links[i].hash)
    found = first_break(links)
    assert found is not None
    assert found.id == links[i].id
    assert "contents" in found.problem


@given(st.lists(fields, min_size=3, max_size=8), st.data())
def test_removing_an_entry_is_found_at_the_next_one(entries, data):
    links = build(entries)
    i = data.draw(st.integers(0, len(links) - 2))
    removed_next = links[i + 1]
    del links[i]
    found = first_break(links)
    assert found is not None
    assert found.id == (removed_next.id if i == 0 else links[i].id)
    assert "link" in found.problem


def test_hash_depends_on_the_previous_entry():
    assert entry_hash(GENESIS, {"a": 1}) != entry_hash("1" * 64, {"a": 1})
