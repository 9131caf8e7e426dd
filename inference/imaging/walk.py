"""Find the images in a folder (or a list of files and folders), lazily and in a stable order.

Images are recognised by their content (magic bytes), not their extension, because hospital
exports often have extensionless DICOM files and renamed JPEGs. The walk is a generator over
``os.scandir`` so a UI gets the first file at once even in a folder of tens of thousands, and it
never follows a symlink into a folder it has already visited. Files the user should hear about
(unreadable, or named like an image but holding something else) come out as ``LoadFailure``;
obvious non-images (reports, spreadsheets) are only counted in ``ScanStats``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inference.core.file_access import broken_link_reason, not_regular_message
from inference.core.i18n import N_, Message, _, format_number, ngettext
from inference.core.os_errors import os_reason
from inference.core.types import FailureKind, LoadError, LoadFailure
from inference.imaging.dicomdir import read_dicomdir
from inference.imaging.sniff import describe_content, not_an_image, read_head, sniff_format

__all__ = [
    "IMAGE_EXTENSIONS",
    "ScanSkip",
    "ScanStats",
    "broken_link_reason",
    "is_hidden",
    "iter_images",
    "looks_like_image_name",
    "scan_summary",
    "source_problem",
]

#: Extensions that promise an image: content that is not one is reported, not silently ignored.
IMAGE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".tif", ".tiff"}
    | {".dcm", ".dicom", ".dic", ".ima"}
)
#: Names skipped outright: OS and sync-tool clutter, never images.
SYSTEM_NAMES = frozenset(
    {
        "thumbs.db",
        "desktop.ini",
        "__macosx",
        ".ds_store",
        "$recycle.bin",
        "system volume information",
    }
)
_MAX_SKIP_RECORDS = 1000  # ScanStats keeps at most this many ScanSkip entries
DEEP_FOLDERS = 64  # nesting from which the summary reports the depth


@dataclass(frozen=True)
class ScanSkip:
    """A file the scan passed over silently, with why (for a "details" view)."""

    path: Path
    reason: str


@dataclass
class ScanStats:
    """Counts updated while ``iter_images`` runs, so a UI can say "skipped N non-image files"."""

    images: int = 0  # paths yielded
    failures: int = 0  # LoadFailure items yielded
    non_images: int = 0  # ordinary non-image files ignored silently
    hidden: int = 0  # hidden / system entries skipped
    duplicates: int = 0  # folders reached twice (symlink loops, repeated roots)
    folders: int = 0  # folders walked
    max_depth: int = 0  # deepest folder level reached below a root
    skipped: list[ScanSkip] = field(default_factory=list)  # first _MAX_SKIP_RECORDS only

    def note_skip(self, path: Path, reason: str) -> None:
        if len(self.skipped) < _MAX_SKIP_RECORDS:
            self.skipped.append(ScanSkip(path, reason))

    def summary(self) -> str:
        return scan_summary(self)


def scan_summary(stats: ScanStats) -> str:
    """One line for the status bar, e.g. "12 images, 1 problem; skipped 3 non-image files"."""
    n = format_number
    line = ngettext("%(n)s image", "%(n)s images", stats.images) % {"n": n(stats.images)}
    if stats.failures:
        line += ", " + ngettext("%(n)s problem", "%(n)s problems", stats.failures) % {
            "n": n(stats.failures)
        }
    skipped = []
    if stats.non_images:
        skipped.append(
            ngettext("%(n)s non-image file", "%(n)s non-image files", stats.non_images)
            % {"n": n(stats.non_images)}
        )
    if stats.hidden:
        skipped.append(
            ngettext("%(n)s hidden/system item", "%(n)s hidden/system items", stats.hidden)
            % {"n": n(stats.hidden)}
        )
    if stats.duplicates:
        skipped.append(
            ngettext("%(n)s repeated folder", "%(n)s repeated folders", stats.duplicates)
            % {"n": n(stats.duplicates)}
        )
    if skipped:
        line += "; " + _("skipped %(items)s") % {"items": ", ".join(skipped)}
    if stats.max_depth >= DEEP_FOLDERS:  # unusual nesting: say the walk went all the way down
        line += "; " + _("folders nested %(depth)s levels deep, all visited") % {
            "depth": stats.max_depth
        }
    return line


# --------------------------------------------------------------------------- walking


#: Names that promise an image: a broken link with one of them is reported as a row, not skipped.
IMAGE_NAME_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".bmp", ".tif", ".tiff", ".dcm", ".dicom", ".dic", ".ima"}
)


def looks_like_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_NAME_SUFFIXES


def source_problem(source: Path) -> str | None:
    """Why a folder or file given on the command line cannot be scanned, in one line."""
    try:
        if source.is_symlink() and not source.exists():
            return f"{source}: {broken_link_reason(source).text()}"
        if not source.exists():
            return _("not found: %(path)s") % {"path": source}
        if source.is_dir():
            os.scandir(source).close()  # a folder the user cannot enter
        elif not os.access(source, os.R_OK):
            return _("cannot read %(path)s: permission denied") % {"path": source}
    except OSError as exc:
        return _("cannot open %(path)s: %(reason)s") % {"path": source, "reason": os_reason(exc)}
    return None


def is_hidden(entry: os.DirEntry[str]) -> bool:
    """Dotfiles, OS clutter (Thumbs.db, __MACOSX, ...) and, on Windows, the hidden attribute."""
    name = entry.name
    if name.startswith(".") or name.casefold() in SYSTEM_NAMES:
        return True
    attrs = getattr(_safe_stat(entry, follow=False), "st_file_attributes", 0)
    return (
        bool(attrs & (stat.FILE_ATTRIBUTE_HIDDEN | stat.FILE_ATTRIBUTE_SYSTEM)) if attrs else False
    )


def _safe_stat(entry: os.DirEntry[str], follow: bool = True) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=follow)
    except OSError:
        return None


def _sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


class _Walker:
    """State of one ``iter_images`` call: what was visited, what was yielded, the counters."""

    def __init__(self, stats: ScanStats) -> None:
        self.stats = stats
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: dict[tuple[int, int], str] = {}  # (dev, inode) -> first path listed

    # -- single files -------------------------------------------------------------------

    def file(
        self, path: Path, st: os.stat_result | None, explicit: bool
    ) -> Iterator[Path | LoadFailure]:
        """Classify one regular file; ``explicit`` when the user named it (always report it)."""
        try:
            yield from self._classify(path, st, explicit)
        except Exception as exc:  # a bug or an exotic OS error: report this file, keep walking
            yield self.fail(
                path,
                FailureKind.INTERNAL,
                Message(N_("internal error while scanning: %(error)s"), error=str(exc)),
            )

    def _already_listed(self, path: Path, st: os.stat_result) -> bool:
        """The same file reached again by the same name (via DICOMDIR, a symlink, a repeated root);
        a hard link, another name for the same data, is listed again under its own name."""
        key = (st.st_dev, st.st_ino)
        if not st.st_ino:
            return False
        first = self.seen_files.get(key)
        if first is None:
            self.seen_files[key] = str(path)
            return False
        if st.st_nlink > 1 and os.path.realpath(first) != os.path.realpath(path):
            return False  # a hard link: its own name, its own row
        self.stats.note_skip(path, "already listed")
        return True

    def _classify(
        self, path: Path, st: os.stat_result | None, explicit: bool
    ) -> Iterator[Path | LoadFailure]:
        image_ext = path.suffix.lower() in IMAGE_EXTENSIONS
        if st is not None and not stat.S_ISREG(st.st_mode):  # never open a pipe or device
            if image_ext or explicit:
                yield self.fail(path, FailureKind.UNREADABLE, not_regular_message(st.st_mode))
            else:
                self.ignore(path, "not a regular file (device, pipe or socket)")
            return
        if st is not None and self._already_listed(path, st):
            return
        try:
            head = read_head(path)
        except LoadError as exc:  # swapped for a pipe, socket or device since the listing
            yield self.fail(path, exc.kind, exc.reason)
            return
        except PermissionError:
            yield self.fail(
                path, FailureKind.UNREADABLE, Message(N_("cannot read the file: permission denied"))
            )
            return
        except OSError as exc:
            if image_ext or explicit:
                yield self.fail(
                    path,
                    FailureKind.UNREADABLE,
                    Message(N_("cannot read the file: %(reason)s"), reason=os_reason(exc)),
                )
            else:
                self.ignore(path, f"unreadable ({os_reason(exc)})")
            return
        if not head:
            if image_ext or explicit:
                yield self.fail(path, FailureKind.EMPTY, Message(N_("the file is empty (0 bytes)")))
            else:
                self.ignore(path, "empty file")
            return
        if sniff_format(head) is not None:
            self.stats.images += 1
            yield path
            return
        what = describe_content(head)
        if image_ext or explicit:
            yield self.fail(path, FailureKind.NOT_AN_IMAGE, not_an_image(head))
        else:
            self.ignore(path, what.english_text() if what else "not an image")

    def fail(self, path: Path, kind: FailureKind, message: Message) -> LoadFailure:
        self.stats.failures += 1
        return LoadFailure(path, kind, message)

    def ignore(self, path: Path, reason: str) -> None:
        self.stats.non_images += 1
        self.stats.note_skip(path, reason)

    # -- folders --------------------------------------------------------------------------

    def folder(self, path: Path, st: os.stat_result | None) -> Iterator[Path | LoadFailure]:
        """Depth-first walk: files of a folder (sorted) first, then its subfolders (sorted).

        Iterative (an explicit stack), so no nesting depth can exhaust Python's recursion limit
        and end the walk early; the deepest level reached is kept in ``stats.max_depth``."""
        stack: list[tuple[Path, os.stat_result | None, int]] = [(path, st, 0)]
        while stack:
            folder, folder_st, depth = stack.pop()
            self.stats.max_depth = max(self.stats.max_depth, depth)
            subfolders: list[tuple[Path, os.stat_result | None]] = []
            yield from self._one_folder(folder, folder_st, subfolders)
            stack.extend((p, s, depth + 1) for p, s in reversed(subfolders))

    def _one_folder(
        self,
        path: Path,
        st: os.stat_result | None,
        subfolders: list[tuple[Path, os.stat_result | None]],
    ) -> Iterator[Path | LoadFailure]:
        """The files of one folder; its subfolders are appended to ``subfolders`` (sorted)."""
        if st is not None:
            key = (st.st_dev, st.st_ino)
            if key in self.seen_dirs:  # symlink loop or a folder reached twice
                self.stats.duplicates += 1
                self.stats.note_skip(path, "folder already scanned (symlink)")
                return
            self.seen_dirs.add(key)
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: _sort_key(e.name))
        except OSError as exc:
            yield self.fail(
                path, FailureKind.UNREADABLE, _cannot(N_("cannot open the folder"), exc)
            )
            return
        self.stats.folders += 1
        files: list[os.DirEntry[str]] = []
        dicomdir: os.DirEntry[str] | None = None
        for entry in entries:
            if is_hidden(entry):
                self.stats.hidden += 1
                self.stats.note_skip(Path(entry.path), "hidden or system item")
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks; loops are caught by seen_dirs
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                subfolders.append((Path(entry.path), _safe_stat(entry)))
            elif is_file and entry.name.upper() == "DICOMDIR":
                dicomdir = entry
            elif is_file:
                files.append(entry)
            else:
                yield from self._special(entry)
        if dicomdir is not None:
            yield from self.dicomdir(Path(dicomdir.path))
        for entry in files:
            yield from self.file(Path(entry.path), _safe_stat(entry), explicit=False)

    def _special(self, entry: os.DirEntry[str]) -> Iterator[LoadFailure]:
        """A pipe, socket or device (or a link to one), or a broken link: a row when its name
        promises an image, otherwise only counted. Never opened."""
        path = Path(entry.path)
        target = _safe_stat(entry)
        if target is None:
            if entry.is_symlink() and looks_like_image_name(entry.name):
                yield self.fail(path, FailureKind.NOT_FOUND, broken_link_reason(entry.path))
            else:
                self.ignore(path, "not a regular file (broken link)")
        elif looks_like_image_name(entry.name):
            yield self.fail(path, FailureKind.UNREADABLE, not_regular_message(target.st_mode))
        else:
            self.ignore(path, "not a regular file (device, pipe or socket)")

    def dicomdir(self, path: Path) -> Iterator[Path | LoadFailure]:
        """Yield the files a DICOMDIR references, in its order; the walk then skips them."""
        self.stats.note_skip(path, "DICOMDIR index (its images are listed instead)")
        for item in read_dicomdir(path):
            if isinstance(item, LoadFailure):
                self.stats.failures += 1
                yield item
                continue
            try:
                st = item.stat()
            except OSError as exc:
                yield self.fail(item, FailureKind.UNREADABLE, _cannot(N_("cannot access"), exc))
                continue
            yield from self.file(item, st, explicit=True)


def iter_images(
    root: Path | str | Sequence[Path | str], stats: ScanStats | None = None
) -> Iterator[Path | LoadFailure]:
    """Yield image paths (and per-file problems) under ``root``: a folder, a file, or a list.

    Lazy, recursive and in a stable order. Never raises for a bad file or folder: the problem is
    yielded as a ``LoadFailure``. Pass a ``ScanStats`` to count what was skipped silently.
    """
    walker = _Walker(stats if stats is not None else ScanStats())
    roots = [root] if isinstance(root, str | os.PathLike) else list(root)
    for item in roots:
        path = Path(item)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield walker.fail(path, FailureKind.NOT_FOUND, Message(N_("file or folder not found")))
            continue
        except OSError as exc:
            yield walker.fail(path, FailureKind.UNREADABLE, _cannot(N_("cannot access"), exc))
            continue
        except ValueError:  # e.g. a NUL character in the name
            yield walker.fail(
                path, FailureKind.NOT_FOUND, Message(N_("not a valid file or folder name"))
            )
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from walker.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            if path.name.upper() == "DICOMDIR":
                yield from walker.dicomdir(path)
            else:
                yield from walker.file(path, st, explicit=True)
        else:  # a pipe, socket or device named on the command line: never opened
            yield walker.fail(path, FailureKind.UNREADABLE, not_regular_message(st.st_mode))


def _cannot(what: str, exc: OSError) -> Message:
    """'<what>: <the OS's words>', ``what`` marked with N_ by the caller."""
    return Message(N_("%(what)s: %(reason)s"), what=Message(what), reason=os_reason(exc))
