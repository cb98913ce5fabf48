"""The evidence map chart on the real data: each cell's colour and word say what its figure rests
on, the legend names every basis in plain words, and the thin evidence on darker skin shows."""

import pytest

from analysis.charts.evidence_map import EVIDENCE_MAP_TITLE, evidence_map_chart
from analysis.charts.frame import framed
from analysis.charts.theme import EVIDENCE_MAP_COLOURS, TEMPLATE
from analysis.data.dataset import load_dataset
from analysis.data.vocabulary import EVIDENCE_MAP_BASES, EVIDENCE_MAP_CELL_WORDS, SKIN_TYPES

DATASET = load_dataset()
CHART = evidence_map_chart(DATASET.side_effects, DATASET.catalog)
LABELS = DATASET.catalog.set_index("side_effect")["label"]


def heatmaps(chart) -> list:
    return [t for t in chart.body.data if t.type == "heatmap"]


def cell(chart, panel: int, side_effect: str, skin_type: str) -> tuple[int, str]:
    """(colour code, word) of one cell of panel `panel` (0: traditional, 1: radiofrequency)."""
    trace = heatmaps(chart)[panel]
    row = list(trace.y).index(LABELS[side_effect])
    column = list(trace.x).index(skin_type)
    return trace.z[row][column], trace.text[row][column]


def colour_of(trace, code: int) -> str:
    """The colour the trace's colour scale gives a code (the middle of its step)."""
    low, high = trace.zmin, trace.zmax
    position = (code - low) / (high - low)
    steps = [(stop, colour) for stop, colour in trace.colorscale]
    below = [colour for stop, colour in steps if stop <= position]
    return below[-1]


def words_in_column(chart, skin_type: str) -> list[str]:
    return [row[list(trace.x).index(skin_type)] for trace in heatmaps(chart) for row in trace.text]


@pytest.mark.parametrize(
    "panel, side_effect, skin_type, basis",
    [
        (1, "pih", "IV", "derived"),  # read off follow-up visits [R9]
        (1, "pih", "VI", "carried_over"),
        (0, "pih", "V", "measured"),
        (0, "pih", "VI", "carried_over"),
        (0, "redness", "III", "secondary"),
        (1, "fat_loss", "III", "missing"),
    ],
)
def test_each_cell_is_coloured_and_named_by_what_its_figure_rests_on(
    panel, side_effect, skin_type, basis
):
    code, word = cell(CHART, panel, side_effect, skin_type)
    assert word == EVIDENCE_MAP_CELL_WORDS[basis]
    assert colour_of(heatmaps(CHART)[panel], code) == EVIDENCE_MAP_COLOURS[basis]


def test_a_side_effect_that_does_not_apply_to_a_procedure_is_blank_and_the_note_says_so():
    code, word = cell(CHART, 0, "burns", "III")
    assert code is None and word == ""
    assert any(
        note.startswith("Blank: does not apply to traditional microneedling") and "burns" in note
        for note in CHART.notes
    )


def test_type_vi_has_fewer_measured_cells_than_type_iv():
    measured = EVIDENCE_MAP_CELL_WORDS["measured"]
    in_iv = words_in_column(CHART, "IV").count(measured)
    in_vi = words_in_column(CHART, "VI").count(measured)
    assert in_vi < in_iv
    by_type = {s.split(":")[0]: s for s in CHART.key_figures if s.startswith("Type ")}
    assert by_type["Type IV"].startswith(f"Type IV: {in_iv} of 30 measured in this skin type")
    assert by_type["Type VI"].startswith(f"Type VI: {in_vi} of 30 measured in this skin type")
    assert "11 carried over from other types" in by_type["Type VI"]


def test_the_key_figures_open_with_the_skin_types_where_nothing_was_measured():
    assert CHART.key_figures[0] == (
        "Radiofrequency microneedling: none of its figures was measured in people with "
        "types I-II, VI skin"
    )
    assert len(CHART.key_figures) == 1 + 6


def test_the_legend_names_every_basis_in_plain_words_in_its_colour():
    entries = {t.name: t.marker.color for t in CHART.body.data if t.type == "scatter"}
    assert entries == {
        EVIDENCE_MAP_BASES[basis]: EVIDENCE_MAP_COLOURS[basis] for basis in EVIDENCE_MAP_BASES
    }
    framed_legend = [t.name for t in framed(CHART).data if t.showlegend]
    assert "Carried over from other skin types" in framed_legend


def test_the_colours_are_five_distinct_okabe_ito_or_grey():
    okabe_ito = {"#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D9D9D9"}
    assert set(EVIDENCE_MAP_COLOURS.values()) == okabe_ito
    assert list(EVIDENCE_MAP_COLOURS) == list(EVIDENCE_MAP_BASES)


def test_the_chart_carries_its_title_sources_table_and_theme():
    assert CHART.title == EVIDENCE_MAP_TITLE
    assert CHART.body.layout.template == TEMPLATE
    assert {"R9", "R18", "ART"} <= set(CHART.sources)
    assert set(CHART.row_labels) == set(LABELS)
    table = CHART.table
    assert len(table) == len(DATASET.side_effects)
    rf_pih_vi = table[
        (table["Side effect"] == LABELS["pih"])
        & (table["Procedure"] == "Radiofrequency microneedling")
        & (table["Skin type"] == "Type VI")
    ].iloc[0]
    assert rf_pih_vi["Basis of the figure"] == "Carried over from other skin types"
    assert rf_pih_vi["Evidence"] == "Extrapolated"
    assert "R9" in rf_pih_vi["Sources"]
    assert not table.isna().any().any()


def test_stacked_each_procedure_lists_only_its_own_side_effects_with_no_blanks():
    stacked = CHART.restack()
    traditional, radiofrequency = heatmaps(stacked)
    assert LABELS["burns"] not in list(traditional.y)
    assert len(radiofrequency.y) == 17 and len(traditional.y) == 13
    assert all(word for trace in heatmaps(stacked) for row in trace.text for word in row)
    assert not any(note.startswith("Blank") for note in stacked.notes)
    assert stacked.restack is None
    assert list(traditional.x) == list(SKIN_TYPES)


def test_uploaded_text_in_the_hover_stays_text():
    rows = DATASET.side_effects.copy()
    rows.loc[rows.index[0], "measured_in"] = "<b onmouseover=x>loud</b>"
    chart = evidence_map_chart(rows, DATASET.catalog)
    hovers = " ".join(h for t in heatmaps(chart) for row in t.customdata for h in row)
    assert "&lt;b onmouseover=x&gt;loud&lt;/b&gt;" in hovers
    assert "<b onmouseover" not in hovers


def test_colour_scale_gives_each_code_its_own_colour():
    trace = heatmaps(CHART)[0]
    colours = [colour_of(trace, code) for code in range(len(EVIDENCE_MAP_BASES))]
    assert colours == list(EVIDENCE_MAP_COLOURS.values())
