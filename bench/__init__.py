"""Benchmark scripts and the Streamlit/Chromium helpers they share with tests/conftest.py."""
