"""The monitor's clocks are the project's one clock (connectors/clock.py), re-exported here so
the monitor's modules name it by their own core."""

from __future__ import annotations

from connectors.clock import Clock, FrozenClock, SystemClock

__all__ = ["Clock", "FrozenClock", "SystemClock"]
