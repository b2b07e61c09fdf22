"""District boundaries for the maps: reading GeoJSON and zipped Shapefiles, checking them, storing one set.

``read_features`` turns an uploaded file into features; ``check_boundaries`` validates, repairs, re-winds,
simplifies and matches them to the registered districts; ``govdash.boundaries.store`` keeps the active set in
the database. Everything but the store is pure: no database, no Streamlit.
"""

from govdash.boundaries.checks import BoundaryCheck, Problem, check_boundaries
from govdash.boundaries.files import BoundaryFileError, SourceFeature, read_features
from govdash.boundaries.shapes import BoundaryMap, caption_text

__all__ = [
    "BoundaryCheck", "BoundaryFileError", "BoundaryMap", "Problem", "SourceFeature", "caption_text",
    "check_boundaries", "read_features",
]
