"""What a report says: the ranking table, findings, method notes, report cards, the 通报 and the slides.

Built from computed results (a report card also runs the few repository queries it needs). File formats are
``govdash.export``; reading the stored scores and deciding what to deliver is ``govdash.services``.
"""
