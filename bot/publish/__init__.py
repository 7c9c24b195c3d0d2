"""Publishing merged posts exactly once, with the record kept in a Git ref (the ledger)."""
