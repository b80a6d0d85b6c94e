"""ui layer (see README, architecture)."""
