"""store layer (see README, architecture)."""
