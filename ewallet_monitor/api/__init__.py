"""api layer (see README, architecture)."""
