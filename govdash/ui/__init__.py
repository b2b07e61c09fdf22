"""The Streamlit side of govdash: the app shell, filters, cached loaders, formatting and page pieces."""
