"""File builders: upload templates, table downloads, chart images and briefings (no Streamlit)."""
