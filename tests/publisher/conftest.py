"""The publisher tests' fixtures (a sandbox, an app context, connectors to the sandbox), shared
by the modules that drive the deployment's wiring against the sandbox."""

from .test_e2e_sandbox import connectors, ctx, sandbox

__all__ = ["connectors", "ctx", "sandbox"]
