"""The bare one-chart Streamlit app that bench/bench_startup.py measures app.py against."""

import plotly.graph_objects as go
import streamlit as st

GROUPS = {
    "Alpha": [3, 1, 4, 1, 5],
    "Beta": [2, 7, 1, 8, 2],
    "Gamma": [1, 6, 1, 8, 0],
}

group = st.selectbox("Group", list(GROUPS))
figure = go.Figure(go.Bar(x=["A", "B", "C", "D", "E"], y=GROUPS[group]))
figure.update_layout(title=f"Counts for group {group}")
st.plotly_chart(figure)
