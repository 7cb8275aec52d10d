"""The `otklik` command: the entry point (main) and one module per sub-command."""
