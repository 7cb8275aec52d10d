"""The outbox of approved replies: idempotent, retried, exactly-once delivery to the platforms."""
