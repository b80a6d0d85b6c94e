"""client layer (see README, architecture)."""
