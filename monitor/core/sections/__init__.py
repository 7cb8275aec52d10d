"""The typed sections of settings.yaml, nested in monitor.core.settings.Settings and parsed once."""
