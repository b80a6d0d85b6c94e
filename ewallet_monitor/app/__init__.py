"""app layer (see README, architecture)."""
