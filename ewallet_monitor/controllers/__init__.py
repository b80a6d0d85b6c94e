"""controllers layer (see README, architecture)."""
