"""Writing outputs safely, in one place for the CLI and the viewer (Qt-free).

* Atomic: a temporary file in the target's folder, fsynced, then ``os.replace``, so a crash or a
  full disk leaves the old file or the new one, never half a worklist or report.
* Never into the scanned image folders: an export written next to the images would join the next
  scan and break the promise never to write into the user's image folders.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from inference.core.i18n import _
from inference.core.os_errors import os_reason


def resolved(path: Path) -> Path:
    """Absolute path with symlinks resolved (as far as the file system allows)."""
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path).expanduser().absolute()


def scan_roots(sources: Iterable[Path]) -> list[Path]:
    """The folders a scan reads: folders as given, and the parent folder of single files."""
    roots: list[Path] = []
    for s in sources:
        root = Path(s) if Path(s).is_dir() else Path(s).parent
        if root not in roots:
            roots.append(root)
    return roots


def containing_root(path: Path, roots: Iterable[Path]) -> Path | None:
    """The root that is ``path`` or lies above it (symlinks resolved), if any."""
    p = resolved(path)
    for root in roots:
        r = resolved(root)
        if p == r or r in p.parents:
            return Path(root)
    return None


def is_inside(path: Path, roots: Iterable[Path]) -> bool:
    """True when ``path`` is one of ``roots`` or lies below one (symlinks resolved)."""
    return containing_root(path, roots) is not None


def real_target(target: Path) -> Path:
    """The file a path names: through symlinks (a chain of them too), so writing updates the
    link's target and the link stays a link."""
    target = Path(target)
    try:
        return Path(os.path.realpath(target)) if target.is_symlink() else target
    except (OSError, ValueError):
        return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def inside_message(what: str, path: object, root: object) -> str:
    """The one refusal for an output inside a folder being scanned (files and heatmap folders)."""
    return _(
        "%(what)s %(path)s is inside the scanned folder %(root)s: CXR Triage does not "
        "write into image folders (choose another place)"
    ) % {"what": what, "path": path, "root": root}


def output_problem(
    path: Path, what: str = "", roots: Iterable[Path] = (), *, probe: bool = True
) -> str | None:
    """Why ``path`` cannot receive an output file, in one line; None when it can.

    The one guard for every file the program writes (worklists, reports, heatmaps, the log, the
    screenshot, profiles, plots). Checked before anything is created, so an unwritable output is
    not discovered after an hour of work and nothing is ever created in the wrong place: a target
    inside (or a link into) one of ``roots``, the scanned folders, is refused first; then folders,
    devices, pipes and sockets (never replaced); then the folder must exist, and a file really is
    created and removed there (read-only file systems, permissions, quotas) unless ``probe`` is
    False. The probe goes only into the output's own folder, which by then is outside every root.
    """
    what = what or _("output")
    try:
        real = real_target(Path(path))
        root = inside_root(path, roots)
        if root is not None:
            return inside_message(what, path, root)
        if os.path.lexists(real):
            mode = os.stat(real).st_mode
            if stat.S_ISDIR(mode):
                return _("%(what)s %(path)s is a folder; give a file name") % {
                    "what": what,
                    "path": path,
                }
            if not stat.S_ISREG(mode):
                return _(
                    "%(what)s %(path)s is not a regular file (a device, pipe or socket); "
                    "CXR Triage writes only ordinary files"
                ) % {"what": what, "path": path}
        folder = real.parent
        if not folder.is_dir():
            return _("%(what)s: the folder %(folder)s does not exist") % {
                "what": what,
                "folder": folder,
            }
        if os.path.lexists(real) and not os.access(real, os.W_OK):
            return _("%(what)s %(path)s is read-only") % {"what": what, "path": path}
        if probe:
            fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".check", dir=folder)
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return _("cannot write %(what)s %(path)s: %(reason)s") % {
            "what": what,
            "path": path,
            "reason": os_reason(exc),
        }
    return None


def inside_root(path: Path, roots: Iterable[Path]) -> Path | None:
    """The scanned folder that ``path`` (or a link at it) would be written into, if any."""
    roots = list(roots)
    return containing_root(real_target(Path(path)), roots) or containing_root(
        Path(path).parent, roots
    )


def folder_problem(folder: Path, what: str, roots: Iterable[Path] = ()) -> str | None:
    """Why ``folder`` cannot receive output files (heatmaps), in one line; None when it can.
    Like ``output_problem``: inside a scanned folder, not a folder, missing parent, no access."""
    try:
        root = containing_root(folder, roots)
        if root is not None:
            return inside_message(what, folder, root)
        if os.path.lexists(folder) and not folder.is_dir():
            return _("%(what)s %(folder)s exists and is not a folder") % {
                "what": what,
                "folder": folder,
            }
        parent = folder if folder.is_dir() else folder.parent
        if not parent.is_dir():
            return _("%(what)s: the folder %(folder)s does not exist") % {
                "what": what,
                "folder": parent,
            }
        if not os.access(parent, os.W_OK | os.X_OK):
            return _("%(what)s: cannot write into %(folder)s: permission denied") % {
                "what": what,
                "folder": parent,
            }
    except OSError as exc:
        return f"{what} {folder}: {os_reason(exc)}"
    return None


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    For writers that want a file name (QPdfWriter, QImage.save, cv2.imwrite). Through a symlink the
    link's target is replaced and the link kept; an existing file keeps its permissions, a new one
    gets the usual ones (umask), not mkstemp's 0600. The temp file is removed on error, an empty
    result is an error, and errors name ``target``, never the temp file.
    """
    target = Path(target)
    real = real_target(target)
    try:
        mode = stat.S_IMODE(real.stat().st_mode) if real.is_file() else 0o666 & ~_umask()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        raise OSError(exc.errno, os_reason(exc), str(target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise OSError(_("nothing was written for %(name)s") % {"name": target.name})
        try:
            os.chmod(tmp, mode)
            if os.path.lexists(real) and not stat.S_ISREG(os.stat(real).st_mode):
                raise OSError(errno.EEXIST, "not a regular file: it is not replaced", str(target))
            os.replace(tmp, real)
        except OSError as exc:
            raise OSError(exc.errno, os_reason(exc), str(target)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (fsync before the rename)."""
    with atomic_path(target) as tmp:
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:  # disk full, quota: name the target, not the temp file
            raise OSError(exc.errno, os_reason(exc), str(target)) from exc


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(target, text.encode(encoding))
