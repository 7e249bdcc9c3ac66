"""Client side of sync: hybrid logical clock, outbox, push/pull, conflicts, quarantine."""
