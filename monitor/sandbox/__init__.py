"""The sandbox network: a simulated VK API and RSS feeds on loopback, for demos and tests.

``SandboxServer(host, port, scenario=None, default_owner_id=None)`` serves the built-in
scenario (``scenario.yaml``: a district's communities, people, posts and feeds) or
another file; ``otklik sandbox`` runs it in the foreground.
"""

from monitor.sandbox.scenario import ScenarioError
from monitor.sandbox.server import SandboxServer

__all__ = ["SandboxServer", "ScenarioError"]
