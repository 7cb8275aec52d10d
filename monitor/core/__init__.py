"""What every part of the service stands on: settings, the clock, logging."""
