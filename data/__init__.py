"""Package data (not code): lets importlib.resources find these files when installed."""
