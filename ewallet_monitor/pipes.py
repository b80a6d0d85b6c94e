"""Pipe tuning shared by the processes that stream frames to each other."""

from __future__ import annotations

import contextlib

# Linux's fcntl command to resize a pipe (not exported by Python's fcntl before 3.10 on
# every platform); elsewhere pipes keep their size.
_F_SETPIPE_SZ = 1031
# A whole batch (hundreds of ~4 KB frames) fits, so the sender writes it in one go
# instead of 64 KB at a time with a context switch to the reader for each piece.
PIPE_SIZE = 1024 * 1024


def enlarge_pipe(fd: int, size: int = PIPE_SIZE) -> bool:
    """Ask the kernel for a ``size``-byte buffer on pipe ``fd``; False where it cannot be
    done (not Linux, or above the system's limit): the pipe then works as it was."""
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, size)
        return True
    return False


__all__ = ["PIPE_SIZE", "enlarge_pipe"]
