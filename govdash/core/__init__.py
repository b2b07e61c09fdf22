"""The bottom layer: settings, the database engine, the tables, periods and the working-day calendar.

Nothing here imports anything else of govdash.
"""
