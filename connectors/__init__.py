"""Platform connectors: read new public messages, post replies. No database, no workflow."""
