"""The My skin page, run headless with AppTest: stop signs, cautions and figures follow the inputs."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_my_skin(**query):
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page("pages/my_skin.py").run()


def table(at):
    return at.dataframe[0].value.set_index(["label", "procedure"])


PIH = (
    "Darkening of the skin (post-inflammatory hyperpigmentation, PIH)",
    "Traditional microneedling",
)


def test_a_stop_sign_appears_for_an_active_infection_and_not_without_it():
    at = open_my_skin(skin="III", procedure="traditional")
    assert not at.exception
    assert not at.error
    at.checkbox(key="my_factor_active_infection").check().run()
    assert len(at.error) == 1
    assert "Not recommended for you right now" in at.error[0].value
    assert "active skin infection" in at.error[0].value.lower()
    at.checkbox(key="my_factor_active_infection").uncheck().run()
    assert not at.error


def test_changing_skin_type_changes_the_figures():
    at = open_my_skin(skin="II", procedure="traditional")
    assert table(at).loc[PIH, "in_100_people"] == "none seen in the studies"
    at.radio(key="my_skin_type").set_value("V").run()
    assert table(at).loc[PIH, "in_100_people"] == "about 0 to 17 in 100 people"
    assert at.query_params["skin"] == "V"


def test_type_v_with_active_acne_gets_cautions_and_raised_scarring():
    at = open_my_skin(skin="V", procedure="traditional", situation="active_acne")
    assert at.checkbox(key="my_factor_active_acne").value is True
    assert any("Active acne" in w.value for w in at.warning)
    scarring = table(at).loc[
        ("Scarring (including tram-track scarring)", "Traditional microneedling")
    ]
    assert "Active acne" in scarring["raised_by"]
    assert not at.error


def test_both_procedures_show_the_fda_stop_for_home_radiofrequency():
    at = open_my_skin(
        skin="IV", procedure="traditional,radiofrequency", situation="untrained_practitioner"
    )
    assert at.error and "radiofrequency microneedling" in at.error[0].value
    assert "FDA" in at.error[0].value
    procedures = set(table(at).index.get_level_values("procedure"))
    assert procedures == {"Traditional microneedling", "Radiofrequency microneedling"}


def test_a_bad_link_shows_a_notice_and_the_defaults():
    at = open_my_skin(skin="purple")
    assert not at.exception
    assert any("Ignored skin type" in w.value for w in at.warning)
    assert at.radio(key="my_skin_type").value == "not_sure"


def test_the_summary_is_prepared_for_download():
    at = open_my_skin(skin="V", procedure="traditional", situation="active_acne")
    next(b for b in at.button if b.label == "Prepare my summary").click().run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download my summary (PDF)" in labels
    assert "Download my summary as a web page (HTML)" in labels


def test_durations_say_derived_or_give_the_sources_words():
    at = open_my_skin(skin="V", procedure="traditional,radiofrequency")
    rows = table(at)
    rf_pih = (PIH[0], "Radiofrequency microneedling")
    assert rows.loc[rf_pih, "how_long"] == "4 weeks – 2 months (derived)"
    bruising = ("Bruising (ecchymosis, haematoma)", "Traditional microneedling")
    assert rows.loc[bruising, "how_long"] == "usually resolves within a few days (article)"
    assert any("*(derived)* was worked out" in m.value for m in at.markdown)
