"""models layer (see README, architecture)."""
