"""The service assembled: context, wiring, the scheduler, start-up checks, sandbox mode."""
