"""The operations the pages and the command line call.

Imports and undo, the refresh of stored results that follows every change of batches, scores, the working-day
rule, warnings, the demo and the files delivered (briefings, reports, the monthly 通报).
"""
