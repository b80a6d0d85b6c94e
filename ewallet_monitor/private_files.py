"""Files and folders readable by the user only, whatever the umask.

The process umask only takes permission bits away, so a file created with mode 0600 and a
folder created with 0700 are never wider; a file that already exists (an older version,
another tool, a hand-made data folder) is narrowed to 0600 when the app opens it. Folders
the user chose and that already exist are left as they are (``--data-dir /tmp`` must not
change ``/tmp``); every folder the app creates, parents included, is 0700. On Windows the
modes mean little and the calls are harmless.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents with mode 0700; return it."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
            # mkdir's mode is masked by the umask; say it once more, exactly.
            os.chmod(folder, DIR_MODE)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def narrow(path: Path) -> None:
    """Make an existing regular file of ours 0600 (nothing when absent or not ours)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) == FILE_MODE:
        return
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return
    with contextlib.suppress(PermissionError):
        os.chmod(path, FILE_MODE)


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if absent, or narrow it to 0600; return it.

    Use before handing the path to something that creates files with default modes
    (SQLite, QSettings, the logging module): they keep an existing file's mode.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    except FileExistsError:  # pragma: no cover - O_CREAT without O_EXCL
        pass
    else:
        os.close(descriptor)
    narrow(path)
    return path
