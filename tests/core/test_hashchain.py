import json

from hypothesis import given
from hypothesis import strategies as st

from rampart.core.hashchain import (
    GENESIS,
    ChainLink,
    checkpoint_line,
    entry_hash,
    entry_mac,
    first_break,
    read_checkpoints,
    sign_checkpoint,
)

KEY = b"k" * 32
fields = st.dictionaries(
    st.sampled_from(["action", "actor", "object_id", "detail"]),
    st.one_of(st.text(max_size=20), st.integers()),
    min_size=1,
)


def build(entries, *, key=KEY):
    links, previous = [], GENESIS
    for i, f in enumerate(entries, start=1):
        h = entry_mac(key, previous, i, f)
        links.append(ChainLink(i, f, previous, h))
        previous = h
    return links


def checkpoint_of(links, *, key=KEY):
    return sign_checkpoint(
        key, at="2026-01-01T00:00:00+00:00", last_id=links[-1].id, count=len(links), head=links[-1].hash
    )


@given(st.lists(fields, min_size=1, max_size=8))
def test_an_untouched_chain_has_no_break(entries):
    links = build(entries)
    assert first_break(links, key=KEY, checkpoints=[checkpoint_of(links)]) is None


@given(st.lists(fields, min_size=2, max_size=8), st.data())
def test_changing_any_entry_is_found_at_that_entry(entries, data):
    links = build(entries)
    i = data.draw(st.integers(0, len(links) - 1))
    changed = {**links[i].fields, "action": "tampered-" + str(links[i].fields.get("action"))}
    links[i] = ChainLink(links[i].id, changed, links[i].previous, links[i].hash)
    found = first_break(links, key=KEY)
    assert found is not None
    assert found.id == links[i].id
    assert "contents" in found.problem


@given(st.lists(fields, min_size=3, max_size=8), st.data())
def test_removing_an_entry_is_found_at_the_next_one(entries, data):
    links = build(entries)
    i = data.draw(st.integers(0, len(links) - 2))
    removed_next = links[i + 1]
    del links[i]
    found = first_break(links, key=KEY)
    assert found is not None
    assert found.id == removed_next.id
    assert "missing" in found.problem


@given(st.lists(fields, min_size=2, max_size=8), st.integers(1, 3))
def test_removing_the_newest_entries_is_found_by_the_checkpoint(entries, n):
    links = build(entries)
    checkpoint = checkpoint_of(links)
    found = first_break(links[: max(0, len(links) - n)], key=KEY, checkpoints=[checkpoint])
    assert found is not None
    assert "newest entries were deleted" in found.problem


@given(st.lists(fields, min_size=1, max_size=8))
def test_a_chain_rebuilt_without_the_key_is_found_at_its_first_entry(entries):
    links = build(entries, key=b"guess" * 7)
    found = first_break(links, key=KEY)
    assert found is not None
    assert found.id == 1
    assert "RAMPART_AUDIT_KEY" in found.problem


def test_a_chain_rebuilt_after_the_checkpoint_does_not_match_it():
    original = build([{"action": "a"}, {"action": "b"}, {"action": "c"}])
    checkpoint = checkpoint_of(original)
    rebuilt = build([{"action": "a"}, {"action": "x"}, {"action": "c"}])
    found = first_break(rebuilt, key=KEY, checkpoints=[checkpoint])
    assert found is not None
    assert found.id == 3
    assert "checkpoint" in found.problem


def test_a_checkpoint_with_a_bad_signature_is_reported_and_not_used():
    links = build([{"action": "a"}, {"action": "b"}])
    forged = json.loads(checkpoint_line(checkpoint_of(links)))
    forged["count"], forged["last_id"] = 1, 1
    good, problems = read_checkpoints([json.dumps(forged)], KEY)
    assert good == []
    assert "bad signature" in problems[0]


def test_checkpoints_are_found_among_other_syslog_lines():
    checkpoint = checkpoint_of(build([{"action": "a"}]))
    lines = [
        "Jan  1 00:00:00 host sshd[1]: something else",
        "Jan  1 host rampart: " + checkpoint_line(checkpoint),
    ]
    assert read_checkpoints(lines, KEY) == ([checkpoint], [])


def test_hash_depends_on_the_previous_entry_the_number_and_the_key():
    assert entry_mac(KEY, GENESIS, 1, {"a": 1}) != entry_mac(KEY, "1" * 64, 1, {"a": 1})
    assert entry_mac(KEY, GENESIS, 1, {"a": 1}) != entry_mac(KEY, GENESIS, 2, {"a": 1})
    assert entry_mac(KEY, GENESIS, 1, {"a": 1}) != entry_mac(b"x" * 32, GENESIS, 1, {"a": 1})
    assert entry_mac(KEY, GENESIS, 1, {"a": 1}) != entry_hash(GENESIS, {"a": 1})


def test_a_marked_line_that_is_not_a_checkpoint_is_reported_as_unreadable():
    lines = [
        "Jan  1 host rampart: {" + '"rampart_audit_checkpoint": 1, "at": "x"}',  # no last_id
        "Jan  1 host rampart: rampart_audit_checkpoint {not json",
        "Jan  1 host rampart: " + '{"rampart_audit_checkpoint": 1, "at": "x", "last_id": "one", '
        '"count": 1, "head": "h", "sig": "s"}',
    ]
    good, problems = read_checkpoints(lines, KEY)
    assert good == []
    assert problems == [f"checkpoint line {n} is unreadable" for n in (1, 2, 3)]


def test_an_entry_whose_link_points_at_another_previous_entry_is_the_break():
    links = build([{"action": "a"}, {"action": "b"}, {"action": "c"}])
    relinked = ChainLink(3, links[2].fields, links[0].hash, links[2].hash)
    found = first_break([links[0], links[1], relinked], key=KEY)
    assert found is not None
    assert found.id == 3
    assert "link to the previous entry" in found.problem
