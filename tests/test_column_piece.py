"""A part of a sheet crosses from the reader process as columns and arrives cell for cell as it was read:
text, numbers, blanks, empty text, dates, booleans, and text holding the separator itself."""

import datetime as dt
import pickle

from hypothesis import given, settings, strategies as st

from planning.importing.cells import fill_merged_down
from planning.importing.readers import column_piece
from planning.importing.readers.column_piece import ColumnPiece

CELLS = st.one_of(st.none(), st.text(max_size=8), st.floats(allow_nan=False), st.booleans(),
                  st.integers(-10**6, 10**6), st.dates(), st.sampled_from(["\x1f", "a\x1fb", ""]))


def crossed(rows):
    """What the importer receives: encoded in the reader, pickled through the pipe, decoded."""
    return column_piece.decode(pickle.loads(pickle.dumps(column_piece.encode(rows))))


def test_a_roster_part_arrives_as_it_was_read():
    rows = [[1.0, "913402096182604610", "弋江隆耀家具有限公司", None, "", 6637.03, dt.date(2014, 10, 12), True],
            [2.0, None, "芜湖\x1f机械厂", "芜湖市", None, None, None, False],
            [None, "91340200MA2N0Q3X1K", "", "合肥市", "肥西县", 0.0, dt.datetime(2020, 1, 2, 3, 4), None]]
    piece = crossed(rows)
    assert piece.height == 3 and piece.rows() == rows
    assert [type(v) for v in piece.row(1)] == [float, type(None), str, str, type(None), type(None), type(None), bool]
    kinds = [kind for kind, _, _ in column_piece.encode(rows)[1]]
    assert kinds[1] == "t" and kinds[5] == "n" and kinds[2] == "p"  # the separator in a name: sent as it is


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda width: st.lists(st.lists(CELLS, min_size=width, max_size=width),
                                                           min_size=1, max_size=12)))
def test_any_cells_arrive_as_they_were_read(rows):
    piece = crossed(rows)
    assert piece.height == len(rows)
    assert [[(type(v), v) for v in row] for row in piece.rows()] == [[(type(v), v) for v in row] for row in rows]


def test_ragged_rows_are_padded_and_merged_cells_filled_down_across_parts():
    piece = ColumnPiece.of_rows([["合肥市", 1.0], [None], [None, 3.0]])
    assert piece.rows() == [["合肥市", 1.0], [None, None], [None, 3.0]]
    carried: dict = {}
    fill_merged_down(piece, [(10, 0, 14, 0)], 10, carried)  # A11:A15, running on into the next part
    assert [row[0] for row in piece.rows()] == ["合肥市"] * 3
    after = ColumnPiece.of_rows([[None, 4.0], [None, 5.0], ["芜湖市", 6.0]])
    fill_merged_down(after, [(10, 0, 14, 0)], 13, carried)
    assert [row[0] for row in after.rows()] == ["合肥市", "合肥市", "芜湖市"]
