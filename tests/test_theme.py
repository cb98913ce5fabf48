"""A figure is the same in every process: `import streamlit` swaps plotly's global default
template, and no figure the app builds may depend on it."""

import json
import subprocess
import sys

from analysis.charts.theme import TEMPLATE, themed

# Builds every chart kind, framed for the screen and for a 16:9 slide, and prints them as JSON.
_BUILD = """
import json, sys
from datetime import date
if sys.argv[1] == "streamlit":
    import streamlit  # noqa: F401  (sets plotly's default template to Streamlit's)
import plotly.io as pio
from analysis.data.dataset import load_dataset
from analysis.outputs.images import slide_canvas
from analysis.charts.frame import SCREEN, framed
from tests.gallery import every_chart
charts = every_chart(load_dataset())
out = {"default_template": pio.templates.default}
for kind, chart in charts.items():
    for name, canvas in (("screen", SCREEN), ("slide", slide_canvas("16:9", date(2026, 12, 1)))):
        out[f"{kind}/{name}"] = json.loads(framed(chart, canvas).to_json())
print(json.dumps(out))
"""


def _figures(imported: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, imported], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_every_chart_kind_is_the_same_whether_or_not_streamlit_was_imported():
    with_streamlit, without = _figures("streamlit"), _figures("plain")
    # The two processes really differ in plotly's global default...
    assert with_streamlit.pop("default_template") == "streamlit"
    assert without.pop("default_template") == "plotly"
    assert len(with_streamlit) == 16  # 8 kinds x (screen, slide)
    # ...and yet every figure, its template included, is identical.
    for key, figure in without.items():
        assert with_streamlit[key] == figure, key
        assert figure["layout"]["template"]["layout"]["font"]["family"].startswith("DejaVu Sans")


def test_the_template_turns_on_automargin_and_names_real_colours():
    layout = TEMPLATE.layout
    assert layout.xaxis.automargin and layout.yaxis.automargin
    # Streamlit's template uses placeholder colours (#000030...#000040) only its front end fills.
    text = json.dumps(TEMPLATE.to_plotly_json())
    assert "#00003" not in text and "#00004" not in text


def test_themed_sets_the_template_on_the_figure_itself():
    import plotly.graph_objects as go
    import plotly.io as pio

    previous = pio.templates.default
    pio.templates.default = "ggplot2"
    try:
        fig = themed(go.Figure())
    finally:
        pio.templates.default = previous
    assert fig.layout.template == TEMPLATE


def _without_blanks(value):
    """A figure's dict without keys set to None (plotly drops those when it checks a figure)."""
    if isinstance(value, dict):
        return {k: _without_blanks(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_blanks(v) for v in value]
    return value


def test_every_chart_kind_is_unchanged_when_plotly_checks_every_property():
    """The builders skip plotly's checks (analysis.charts.theme.new_figure); checked here instead:
    nothing invalid, and no value that the checks would turn into another (a colour scale
    named 'Blues' becomes ColorBrewer's colours only when checked)."""
    from datetime import date

    import plotly.graph_objects as go

    from analysis.charts.frame import PHONE, SCREEN, framed
    from analysis.data.dataset import load_dataset
    from analysis.outputs.images import slide_canvas
    from tests.gallery import every_chart

    canvases = {"screen": SCREEN, "phone": PHONE, "slide": slide_canvas("4:3", date(2026, 12, 1))}
    for kind, chart in every_chart(load_dataset()).items():
        for name, canvas in canvases.items():
            drawn = framed(chart, canvas).to_dict()
            checked = go.Figure(drawn).to_dict()  # raises on an invalid property
            assert _without_blanks(drawn) == _without_blanks(checked), f"{kind} on {name}"


def test_the_template_has_defaults_for_every_trace_type_a_chart_draws():
    from analysis.charts.theme import TRACE_TYPES
    from analysis.data.dataset import load_dataset
    from tests.gallery import every_chart

    drawn = {t.type for chart in every_chart(load_dataset()).values() for t in chart.body.data}
    assert drawn <= set(TRACE_TYPES) == set(TEMPLATE.data.to_plotly_json())
