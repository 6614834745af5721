"""The negotiation summary: what it says about the sample deal, read back from the .docx, and how it is laid out."""

from __future__ import annotations

import docx
import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.values import describe_values
from desktop.export.summary import export_summary
from desktop.export.summary.docx import write_docx
from desktop.store import Store
from tests.export.summary_sample import sample_summary

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Return (store, summary data, the summary read back from its .docx) for the sample deal."""
    store = Store(tmp_path_factory.mktemp("db") / "deal.db")
    data = sample_summary(store)
    out = tmp_path_factory.mktemp("out") / "summary.docx"
    export_summary(data, out)
    yield store, data, docx.Document(str(out))
    store.close()


def _tables_after(document, heading: str):
    """Return the tables between the heading with this text and the next heading of the same level."""
    body = document.element.body
    tables, inside, level = [], False, None
    by_element = {t._tbl: t for t in document.tables}
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            style = paragraph.style.name
            if style.startswith("Heading"):
                if inside and style <= level:
                    break
                if paragraph.text == heading:
                    inside, level = True, style
        elif child.tag == f"{W}tbl" and inside:
            tables.append(by_element[child])
    return tables


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_outcome_table_names_every_position_with_its_status_and_reason(sample):
    store, data, document = sample
    (table,) = _tables_after(document, "Outcome of each position")
    rows = _rows(table)
    assert rows[0] == ["#", "Position", "Our ask", "Final value", "Status", "Settled", "Reason"]
    deal = store.deal_by_name(data.deal_name)
    statuses = store.position_statuses(deal.id)
    final_round = store.rounds(deal.id)[-1].id
    by_title = {row[1].rstrip(" \u00a0★"): row for row in rows[1:]}
    positions = store.deal_positions(deal.id)
    assert len(by_title) == len(positions) == len(rows) - 1
    words = {"not_addressed": "not addressed"}
    for position in positions:
        row = by_title[position.title]
        recorded = statuses[(position.key, final_round)]
        assert words.get(recorded.status, recorded.status) in row[4]
        assert row[6] == recorded.reason
        assert row[2] == position.ask


def test_the_three_named_positions_come_first(sample):
    _, _, document = sample
    (table,) = _tables_after(document, "Outcome of each position")
    first = [row[1].replace("\u00a0", " ") for row in _rows(table)[1:4]]  # the star never ends a line alone
    assert first == ["Limitation of liability cap ★", "IP indemnity scope ★", "Audit rights ★"]
    named = {p.key for p in load_playbook(default_playbook_path()).positions if p.first}
    assert named == {"liability_cap", "ip_indemnity", "audit_rights"}


def test_the_cap_history_shows_each_round_its_value_and_its_clause_numbers(sample):
    store, data, document = sample
    (table,) = _tables_after(document, "1. Limitation of liability cap")
    rows = _rows(table)[1:]
    deal = store.deal_by_name(data.deal_name)
    spec = load_playbook(default_playbook_path()).get("liability_cap")
    rounds = store.rounds(deal.id)
    assert [row[0].split(" (")[0] for row in rows] == [f"Round {r.round_no}" for r in rounds]
    for row, round_row in zip(rows, rounds):
        finding = next(f for f in store.findings(round_row.id) if f.key == "liability_cap")
        assert row[1] == describe_values(spec, finding.values)
        numbers = {c.id: c.number for c in store.clauses(round_row.id)}
        assert numbers[finding.evidence[0].clause] in row[3]
    # The CSA renumbered its cap from section 9 to section 8 in version 2.0 (round 3).
    assert "9.1" in rows[0][3] and "8.1(a)" in rows[2][3]
    assert "Same wording as round 1" in rows[1][3] and "Same wording as round 3" in rows[3][3]
    assert "“" in rows[0][3]  # quoted clause text, not just numbers


def test_change_statistics_match_the_stored_rounds(sample):
    store, data, document = sample
    (table,) = _tables_after(document, "Changes in each round")
    rows = _rows(table)[1:]
    for row, stored in zip(rows, store.rounds(store.deal_by_name(data.deal_name).id), strict=True):
        assert row[0] == str(stored.round_no)
        expected = [str(v) if v is not None else "—"
                    for v in (stored.clause_count, stored.changed_count, stored.substantive_count,
                              stored.cosmetic_count)]
        assert row[3:7] == expected
    assert rows[0][7] == "first draft"
    assert "8.1(a)" in rows[2][7] or "more" in rows[2][7]


def test_the_header_names_the_parties_our_side_and_the_rounds(sample):
    _, data, document = sample
    tables = _tables_after(document, "The deal")
    facts = dict(_rows(tables[0]))
    assert facts["Deal"] == data.deal_name
    assert "Sample Vendor, Inc." in facts["Parties"]
    assert facts["We act for"] == "Customer / licensee"
    assert facts["Deal type"] == "SaaS with an AI feature"
    assert facts["Jurisdictions"] == "California, USA"
    senders = [row[2] for row in _rows(tables[1])[1:]]
    assert senders == ["Sample Vendor, Inc.", "Us", "Sample Vendor, Inc.", "Us"]


def test_open_items_list_every_open_position_last(sample):
    _, data, document = sample
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Open items")
    assert paragraphs[start].style.name == "Heading 1"
    items = [p.text for p in paragraphs[start + 1:] if p.style.name == "List Bullet"]
    assert [item.split(". Their position:")[0] for item in items] == [p.title for p in data.open_items]
    assert data.open_items  # the sample deal has open positions
    assert not any(p.style.name.startswith("Heading") for p in paragraphs[start + 1:])


def test_it_is_laid_out_as_a_word_document(sample):
    _, data, document = sample
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == data.title
    assert any("Privileged & Confidential — attorney work product" == p.text for p in document.paragraphs)
    # Every table with a header row repeats it on each page.
    for table in document.tables[1:]:
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    footer = document.sections[0].footer._element
    fields = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "Privileged" in document.sections[0].header.paragraphs[0].text


def test_settled_round_is_where_the_final_status_began_to_hold(sample):
    _, data, _ = sample
    by_key = {p.key: p for p in data.positions}
    for position in data.positions:
        statuses = [entry.status for entry in position.history]
        if position.settled_round is None:
            assert position.status not in ("won", "conceded", "compromise")
            continue
        held = statuses[position.settled_round - 1:]
        assert set(held) == {position.status}
        if position.settled_round > 1:
            assert statuses[position.settled_round - 2] != position.status
    assert by_key["data_deletion"].settled_round == 3  # compromise from round 3 on


def test_a_deal_without_rounds_still_makes_a_summary(tmp_path):
    with Store(None) as store:
        deal_id = store.create_deal("Empty deal", counterparty="Acme")
        from desktop.export.summary.data import build_summary

        data = build_summary(store, deal_id, store.playbook(load_playbook(default_playbook_path())))
    write_docx(data, tmp_path / "empty.docx")
    document = docx.Document(str(tmp_path / "empty.docx"))
    assert document.paragraphs[0].text == "Negotiation summary: Empty deal"
    assert all(p.status_words == "not addressed" for p in data.positions)
