"""simulator layer (see README, architecture)."""
