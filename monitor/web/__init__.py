"""The HTTP port: /health now, the web desk and API later."""
