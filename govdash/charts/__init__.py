"""Chart builders: pure functions from DataFrames to plotly figures, sharing one theme (no Streamlit)."""
