"""What the user chose and keeps between runs: typed settings and connection profiles.

- :mod:`.keys` — :class:`~.keys.Settings`, a typed wrapper over ``QSettings``, and every
  non-secret setting declared once with its type and default (:class:`~.keys.Setting`).
- :mod:`.profiles` — named connection profiles (:class:`~.profiles.ProfileBook`), their
  secrets in the OS keyring (:class:`~.profiles.SecretVault`), saved filters and colour
  rules per profile.

This layer sits below ``ui`` and ``app``: windows and the composition root import it, it
imports neither (an import-linter contract checks it). Import from the submodules.
"""
