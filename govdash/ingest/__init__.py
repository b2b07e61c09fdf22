"""Reading, validating and writing uploaded files (CSV and XLSX)."""
