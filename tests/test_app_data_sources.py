"""The Data & sources page and a person's own data, run headless with AppTest."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.data.dataset import DATA_DIR
from analysis.data.upload import COLUMNS
from tests.readers import figure_texts

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE = "pages/data_sources.py"
BUNDLED_CSV = (DATA_DIR / "side_effects.csv").read_bytes()
BUNDLED_ROWS = 180
# The tail keeps it a valid note for the redness rows: one figure for every skin type, and
# durations derived from other skin types (rules of the loader).
HOSTILE_TEXT = (
    "<img src=x onerror=alert(1)> **loud** [click](https://example.invalid) "
    "derived, the same for every skin type"
)


def open_page(**query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(PAGE).run()


def data_table(at) -> pd.DataFrame:
    return at.dataframe[0].value


def upload(at, raw: bytes, name: str = "audit.csv") -> AppTest:
    return at.file_uploader(key="upload_file").set_value((name, raw, "text/csv")).run()


def redness_only(note: str | None = None) -> bytes:
    """A valid table of 12 rows (redness, both procedures), optionally with a different note."""
    frame = pd.read_csv(io.BytesIO(BUNDLED_CSV), dtype=str, keep_default_na=False)
    frame = frame[frame["side_effect"] == "redness"]
    if note is not None:
        frame = frame.assign(note=note, measured_in=note)
    return frame.to_csv(index=False).encode()


def shown_text(at) -> str:
    return "\n".join(t.value for t in at.text)


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_page_shows_every_row_with_plain_labels_the_review_date_and_the_disclaimer():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Data & sources"
    assert any("not medical advice" in c.value for c in at.caption)
    table = data_table(at)
    assert len(table) == BUNDLED_ROWS
    assert {"Side effect", "How often", "Evidence", "Sources", "Note"} <= set(table.columns)
    assert "Last reviewed: **2026-12-01**" in markdown_text(at)


def test_column_definitions_from_the_data_readme_are_shown():
    at = open_page()
    assert "| `likelihood_low_pct` | How often, In 100 people, Likelihood low (%) | Percent of" in (
        markdown_text(at)
    )
    # And as the tooltip of each column heading of the table.
    assert "Percent of people affected" in at.dataframe[0].proto.columns


def test_sources_are_listed_with_citations_and_links():
    at = open_page()
    sources = at.dataframe[1].value
    r1 = sources.set_index("Source").loc["R1"]
    assert r1["Citation"].startswith("Cohen BE, Elbuluk N. Microneedling in skin of color")
    assert r1["Link"] == "https://pubmed.ncbi.nlm.nih.gov/26549251/"
    assert '"type": "link"' in at.dataframe[1].proto.columns


def test_search_narrows_the_table_and_its_sources_and_goes_into_the_link():
    at = open_page()
    at.text_input(key="data_search").set_value("granulomatous radiofrequency").run()
    table = data_table(at)
    assert len(table) == 6 and set(table["Procedure"]) == {"Radiofrequency microneedling"}
    cited = set(at.dataframe[1].value["Source"])
    assert cited == {s.strip() for cell in table["Sources"] for s in cell.split(",")}
    assert at.query_params["search"] == "granulomatous radiofrequency"


def test_a_link_with_a_search_opens_the_page_searched():
    at = open_page(search="R18")
    assert at.text_input(key="data_search").value == "R18"
    assert data_table(at)["Sources"].str.contains("R18").all()


def test_how_the_data_was_built_counts_rows_per_evidence_level():
    at = open_page()
    summary = at.dataframe[2].value
    assert summary["Rows"].sum() == BUNDLED_ROWS
    assert "Extrapolated" in set(summary["Evidence"])
    assert "fat loss and nerve damage" in markdown_text(at)


BAD_PAGE_LINKS = [
    ({"search": "x" * 5000}, "too long"),
    ({"search": ["fat", "pain"]}, "gives 'search' 2 times"),
    ({"search": "ⅤⅠ 💉 تجربة"}, None),
    ({"search": "<script>alert(1)</script>"}, None),
    ({"search": ""}, None),
    ({"skin": "VII", "scale": "huge"}, None),  # the Explorer's settings mean nothing here
]


@pytest.mark.parametrize("query, notice", BAD_PAGE_LINKS)
def test_bad_links_to_this_page_fall_back_without_a_traceback(query, notice):
    at = open_page(**query)
    assert not at.exception
    assert len(at.dataframe) >= 2
    warnings = [w.value for w in at.warning]
    if notice:
        assert any(notice in w for w in warnings), warnings
        if notice == "too long":
            assert len(data_table(at)) == BUNDLED_ROWS
    else:
        assert warnings == []


def test_a_bad_upload_lists_its_problems_and_changes_nothing():
    at = open_page()
    raw = BUNDLED_CSV.replace(b"traditional,redness,common,I,", b"traditional,redness,common,VII,")
    upload(at, raw, name="my audit.csv")
    assert not at.exception
    assert "That file was not used" in at.error[0].value
    assert "still shows the bundled data" in at.error[0].value
    assert "File: my audit.csv" in shown_text(at)
    problems = at.dataframe[-1].value
    assert problems.iloc[0]["Line"] == 2
    assert problems.iloc[0]["Column"] == "skin_type"
    assert problems.iloc[0]["What is wrong"] == "'VII' is not one of: I, II, III, IV, V, VI"
    assert problems.iloc[0]["What the column should hold"] == "I..VI."
    assert len(data_table(at)) == BUNDLED_ROWS  # still the bundled data
    assert not at.warning  # no "your own data" banner


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "is empty"),
        ("procedure\ncafé\n".encode("latin-1"), "is not UTF-8 text"),
        (b"a,b\n1,2\n", "unknown column"),
        (b"x" * (1024 * 1024 + 1), "over the limit of 1 MB"),
    ],
)
def test_unreadable_uploads_say_what_is_wrong(raw, message):
    at = upload(open_page(), raw)
    assert not at.exception
    assert any(message in m for m in at.dataframe[-1].value["What is wrong"])


def test_a_good_upload_shows_on_every_page_until_the_way_back():
    at = upload(open_page(), redness_only())
    assert not at.exception
    assert "You are looking at your own data" in at.warning[0].value
    assert "Your file: audit.csv (12 rows)" in shown_text(at)
    assert len(data_table(at)) == 12

    at.switch_page("pages/explorer.py").run()
    assert not at.exception
    assert "You are looking at your own data" in at.warning[0].value
    explorer_rows = at.dataframe[0].value
    assert len(explorer_rows) == 12 and explorer_rows["Side effect"].str.startswith("Redness").all()

    at.button(key="use_bundled_data").click().run()
    assert not at.exception
    assert not [w for w in at.warning if "your own data" in w.value]
    assert len(at.dataframe[0].value) == BUNDLED_ROWS


def test_a_bad_upload_after_a_good_one_keeps_the_good_one():
    at = upload(open_page(), redness_only())
    upload(at, b"procedure,skin_type\nlaser,VII\n", name="second.csv")
    assert "still shows your earlier file" in at.error[0].value
    assert "Your file: audit.csv (12 rows)" in shown_text(at)
    assert len(data_table(at)) == 12


def test_text_from_an_upload_is_never_rendered_as_markdown():
    at = upload(open_page(), redness_only(note=HOSTILE_TEXT), name="**bold** <b>name</b>.csv")
    assert not at.exception
    assert at.dataframe[0].value["Note"].eq(HOSTILE_TEXT).all()
    assert "Your file: **bold** <b>name</b>.csv (12 rows)" in shown_text(at)
    everything_rendered_as_markdown = "\n".join(
        [m.value for m in at.markdown]
        + [w.value for w in at.warning]
        + [s.value for s in at.success]
    )
    for fragment in ("onerror", "**loud**", "example.invalid", "<b>name</b>"):
        assert fragment not in everything_rendered_as_markdown


def test_the_template_and_both_downloads_are_offered():
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Download the whole table (CSV)",
        "Download the sources list (CSV)",
        "Download a template (CSV)",
    ]
    # The evidence map's export controls, made once a person opens them.
    at.session_state["export_open_microneedling-evidence-map"] = True
    labels = [b.proto.label for b in at.run().get("download_button")]
    assert labels == [
        "Download the whole table (CSV)",
        "Download the sources list (CSV)",
        "Download PNG",
        "Download the data (CSV)",
        "Download a template (CSV)",
    ]


def test_the_upload_columns_are_the_bundled_columns():
    assert BUNDLED_CSV.decode().splitlines()[0] == ",".join(COLUMNS)


def evidence_map_spec(at) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def heatmap_rows(spec) -> list[list[str]]:
    return [list(t["y"]) for t in spec["data"] if t["type"] == "heatmap"]


def test_the_evidence_map_is_shown_stacked_with_its_legend_and_teaching_point():
    at = open_page()
    spec = evidence_map_spec(at)
    assert "Where each figure comes from, by skin type" in figure_texts(spec)
    legend = [t["name"] for t in spec["data"] if t.get("showlegend") and t.get("name")]
    assert legend == [
        "Measured in this skin type",
        "From a secondary summary",
        "Derived from something else",
        "Carried over from other skin types",
        "No figure",
    ]
    # On screen the procedures stack, each listing only its own side effects.
    traditional, radiofrequency = heatmap_rows(spec)
    assert "Burns" in radiofrequency and "Burns" not in traditional
    assert any(h.value == "Where the evidence is thin" for h in at.subheader)
    assert "3 have a figure measured in people with type VI skin, against 11 in type IV" in (
        markdown_text(at)
    )
    # Its export controls: image, the table behind it, the slide deck.
    at.session_state["export_open_microneedling-evidence-map"] = True
    assert "Add to slide deck" in [b.label for b in at.run().button]


def test_the_evidence_levels_put_derived_beside_extrapolated_and_the_map_colours_are_explained():
    text = markdown_text(open_page())
    extrapolated = text.index("**Extrapolated**")
    derived = text.index("**Derived (a duration)**: Worked out, not measured")
    assert extrapolated < derived < text.index("**Case reports only**")
    assert "**Carried over from other skin types**: Measured in other skin types" in text


def test_an_uploaded_table_gets_its_own_evidence_map():
    at = upload(open_page(), redness_only())
    spec = evidence_map_spec(at)
    assert heatmap_rows(spec) == [["Redness"], ["Redness"]]
    words = [w for t in spec["data"] if t["type"] == "heatmap" for row in t["text"] for w in row]
    assert set(words) == {"summary", "measured", "carried over"}


def test_before_an_upload_the_page_says_it_stays_in_this_browser_tab():
    at = open_page()
    (notice,) = [i.value for i in at.info if "private to this browser tab" in i.value]
    assert "Reloading the page" in notice and "another server drops it" in notice


def test_an_upload_in_use_is_marked_in_every_page_s_link():
    at = upload(open_page(), redness_only())
    assert "It lives in this browser tab only" in at.warning[0].value
    mark = at.query_params["upload"]
    assert len(mark) == 8
    at.query_params.clear()  # as the sidebar's page links do
    at.query_params["skin"] = "V"
    at.switch_page("pages/explorer.py").run()
    assert dict(at.query_params) == {"skin": "V", "upload": mark}
    at.button(key="use_bundled_data").click().run()
    assert dict(at.query_params) == {"skin": "V"}


def test_a_link_made_with_an_upload_falls_back_to_the_bundled_data_with_a_notice():
    # A reload, another browser or another server: a new session, without the upload.
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["skin"] = "V"
    at.query_params["upload"] = "0a1b2c3d"
    at.switch_page("pages/explorer.py").run()
    assert not at.exception
    assert "Showing the bundled published figures" in at.info[0].value
    assert not at.warning  # the mark is the app's own, not a bad link setting
    assert dict(at.query_params) == {"skin": "V"}
    assert at.multiselect(key="filter_skin_types").value == ["V"]
    assert len(at.dataframe[0].value) == BUNDLED_ROWS // 6
    at.button(key="dismiss_upload").click().run()
    assert not [i for i in at.info if "bundled published figures" in i.value]
