"""Otklik service: CLI, settings, scheduler, ingest, workflow, sandbox."""
