"""The words of the domain: vocabularies, the metric catalog, upload kinds, region codes, labels and formats.

Imports only ``govdash.core``.
"""
