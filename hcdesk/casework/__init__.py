"""Use cases in plain Python: take a Session, never commit; the caller owns the transaction."""
