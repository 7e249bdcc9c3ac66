"""The central store's side of sync (reference/SYNC.md §5.2, §5.4, §5.5): :mod:`.push` applies a
device's changes and decides between concurrent edits, :mod:`.resolve` applies a supervisor's
choice in a conflict, :mod:`.pull` serves the change log by bucket, :mod:`.share` shares a case
with another team (or stops). :mod:`.common` and :mod:`.work` hold what they share."""
