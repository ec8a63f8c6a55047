"""The search index: its documents and mapping, alias swaps, writes and the outbox that keeps it
in step with the database, and drift checks."""
