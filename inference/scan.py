"""Find the images in a folder (or a list of files and folders), lazily and in a stable order.

Images are recognised by their content (magic bytes), not their extension, because hospital
exports often have extensionless DICOM files and renamed JPEGs. The walk is a generator over
``os.scandir`` so a UI gets the first file at once even in a folder of tens of thousands, and it
never follows a symlink into a folder it has already visited. Files the user should hear about
(unreadable, or named like an image but holding something else) come out as ``LoadFailure``;
obvious non-images (reports, spreadsheets) are only counted in ``ScanStats``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inference.output_files import os_reason
from inference.types import FailureKind, LoadFailure

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
HEAD_BYTES = 132  # enough for the 128-byte DICOM preamble and its 'DICM' prefix
_MAX_SKIP_RECORDS = 1000  # ScanStats keeps at most this many ScanSkip entries

# Explicit VRs, to recognise a DICOM stream that starts without preamble/file meta.
_DICOM_VRS = frozenset(
    b"AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR "
    b"US UT UV".split()
)


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
    skipped: list[ScanSkip] = field(default_factory=list)  # first _MAX_SKIP_RECORDS only

    def note_skip(self, path: Path, reason: str) -> None:
        if len(self.skipped) < _MAX_SKIP_RECORDS:
            self.skipped.append(ScanSkip(path, reason))

    def summary(self) -> str:
        return scan_summary(self)


def scan_summary(stats: ScanStats) -> str:
    """One line for the status bar, e.g. "12 images, 1 problem; skipped 3 non-image files"."""
    parts = [_plural(stats.images, "image")]
    if stats.failures:
        parts[0] += f", {_plural(stats.failures, 'problem')}"
    skipped = []
    if stats.non_images:
        skipped.append(_plural(stats.non_images, "non-image file"))
    if stats.hidden:
        skipped.append(_plural(stats.hidden, "hidden/system item"))
    if stats.duplicates:
        skipped.append(_plural(stats.duplicates, "repeated folder"))
    return parts[0] + (f"; skipped {', '.join(skipped)}" if skipped else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- content sniffing


def sniff_format(head: bytes) -> str | None:
    """Image format from a file's first bytes: jpeg, png, bmp, tiff, dicom, or None."""
    if len(head) >= 132 and head[128:132] == b"DICM":  # first: a preamble may hold a TIFF header
        return "dicom"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if looks_like_raw_dicom(head):
        return "dicom"
    if head.startswith(b"BM") and len(head) >= 18:
        dib_size = int.from_bytes(head[14:18], "little")
        if dib_size in (12, 16, 40, 52, 56, 64, 108, 124):
            return "bmp"
    return None


def looks_like_raw_dicom(head: bytes) -> bool:
    """True for a DICOM data set with no preamble/file meta (ACR-NEMA style, little endian).

    Such a stream starts with a tag of group 0x0008 (or 0x0002) followed either by an explicit
    VR or by a 4-byte implicit length that is plausible for a header element.
    """
    if len(head) < 8:
        return False
    group = int.from_bytes(head[0:2], "little")
    element = int.from_bytes(head[2:4], "little")
    if group not in (0x0002, 0x0008) or element > 0x1FFF:
        return False
    if head[4:6] in _DICOM_VRS:
        return True
    return int.from_bytes(head[4:8], "little") < 1024


def describe_content(head: bytes) -> str | None:
    """Name a few common non-image (or unsupported image) formats, for a helpful message."""
    known = {
        b"%PDF": "a PDF document",
        b"PK\x03\x04": "a ZIP archive (or Office document)",
        b"GIF8": "a GIF image (not supported: save it as PNG)",
        b"\x00\x00\x00\x0cjP  ": "a JPEG 2000 image (not supported: save it as PNG)",
        b"\xff\x4f\xff\x51": "a JPEG 2000 codestream (not supported: save it as PNG)",
        b"{\\rtf": "an RTF document",
        b"<?xml": "an XML file",
    }
    for magic, name in known.items():
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image (not supported: save it as PNG)"
    if head[4:8] == b"ftyp":
        return "a HEIC/MP4 file (not supported: save it as PNG or JPEG)"
    return None


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    """The first ``n`` bytes of a file (raises OSError like ``open``)."""
    with open(path, "rb") as fh:
        return fh.read(n)


# --------------------------------------------------------------------------- walking


#: Names that promise an image: a broken link with one of them is reported as a row, not skipped.
IMAGE_NAME_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".bmp", ".tif", ".tiff", ".dcm", ".dicom", ".dic", ".ima"}
)


def looks_like_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_NAME_SUFFIXES


def broken_link_reason(path: str | Path) -> str:
    """Why a link named like an image cannot be read: it loops, or its target is missing."""
    try:
        target = os.readlink(path)
    except OSError:
        return "broken link (its target cannot be read)"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"link loop: the link points back to itself ({target})"
        if exc.errno == errno.EACCES:
            return f"link to {target}, which cannot be opened: permission denied"
    return f"broken link: it points to {target}, which does not exist (moved or deleted?)"


def source_problem(source: Path) -> str | None:
    """Why a folder or file given on the command line cannot be scanned, in one line."""
    try:
        if source.is_symlink() and not source.exists():
            return f"{source}: {broken_link_reason(source)}"
        if not source.exists():
            return f"not found: {source}"
        if source.is_dir():
            os.scandir(source).close()  # a folder the user cannot enter
        elif not os.access(source, os.R_OK):
            return f"cannot read {source}: permission denied"
    except OSError as exc:
        return f"cannot open {source}: {os_reason(exc)}"
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
        self.seen_files: set[tuple[int, int]] = set()

    # -- single files -------------------------------------------------------------------

    def file(
        self, path: Path, st: os.stat_result | None, explicit: bool
    ) -> Iterator[Path | LoadFailure]:
        """Classify one regular file; ``explicit`` when the user named it (always report it)."""
        try:
            yield from self._classify(path, st, explicit)
        except Exception as exc:  # a bug or an exotic OS error: report this file, keep walking
            yield self.fail(path, FailureKind.INTERNAL, f"internal error while scanning: {exc}")

    def _classify(
        self, path: Path, st: os.stat_result | None, explicit: bool
    ) -> Iterator[Path | LoadFailure]:
        if st is not None:
            key = (st.st_dev, st.st_ino)
            if st.st_ino and key in self.seen_files:  # via DICOMDIR, a link, or a repeated root
                self.stats.note_skip(path, "already listed")
                return
            if st.st_ino:
                self.seen_files.add(key)
        image_ext = path.suffix.lower() in IMAGE_EXTENSIONS
        try:
            head = read_head(path)
        except PermissionError:
            yield self.fail(path, FailureKind.UNREADABLE, "cannot read the file: permission denied")
            return
        except OSError as exc:
            if image_ext or explicit:
                yield self.fail(
                    path, FailureKind.UNREADABLE, f"cannot read the file: {os_reason(exc)}"
                )
            else:
                self.ignore(path, f"unreadable ({os_reason(exc)})")
            return
        if not head:
            if image_ext or explicit:
                yield self.fail(path, FailureKind.EMPTY, "the file is empty (0 bytes)")
            else:
                self.ignore(path, "empty file")
            return
        if sniff_format(head) is not None:
            self.stats.images += 1
            yield path
            return
        what = describe_content(head)
        if image_ext or explicit:
            detail = f"it is {what}" if what else "its content is not JPEG, PNG, BMP, TIFF or DICOM"
            yield self.fail(path, FailureKind.NOT_AN_IMAGE, f"not an image: {detail}")
        else:
            self.ignore(path, what or "not an image")

    def fail(self, path: Path, kind: FailureKind, message: str) -> LoadFailure:
        self.stats.failures += 1
        return LoadFailure(path, kind, message)

    def ignore(self, path: Path, reason: str) -> None:
        self.stats.non_images += 1
        self.stats.note_skip(path, reason)

    # -- folders --------------------------------------------------------------------------

    def folder(self, path: Path, st: os.stat_result | None) -> Iterator[Path | LoadFailure]:
        """Depth-first walk: files of a folder (sorted) first, then its subfolders (sorted)."""
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
                path, FailureKind.UNREADABLE, f"cannot open the folder: {os_reason(exc)}"
            )
            return
        self.stats.folders += 1
        files: list[os.DirEntry[str]] = []
        dirs: list[os.DirEntry[str]] = []
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
                dirs.append(entry)
            elif is_file and entry.name.upper() == "DICOMDIR":
                dicomdir = entry
            elif is_file:
                files.append(entry)
            elif entry.is_symlink() and looks_like_image_name(entry.name):
                yield self.fail(
                    Path(entry.path), FailureKind.NOT_FOUND, broken_link_reason(entry.path)
                )
            else:
                self.ignore(Path(entry.path), "not a regular file (broken link, device, socket)")
        if dicomdir is not None:
            yield from self.dicomdir(Path(dicomdir.path))
        for entry in files:
            yield from self.file(Path(entry.path), _safe_stat(entry), explicit=False)
        for entry in dirs:
            yield from self.folder(Path(entry.path), _safe_stat(entry))

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
                yield self.fail(item, FailureKind.UNREADABLE, f"cannot access: {os_reason(exc)}")
                continue
            yield from self.file(item, st, explicit=True)


def read_dicomdir(path: Path) -> list[Path | LoadFailure]:
    """The instances a DICOMDIR references, in its order (LoadFailures for damage/missing files).

    ``pydicom.fileset.FileSet`` drops records whose file is missing, so the records are also
    checked here: a missing file is reported, and a file whose name differs only in case (a CD
    written with upper-case IDs, mounted with lower-case names) is still found.
    """
    from pydicom import dcmread  # deferred: pydicom is slow to import
    from pydicom.fileset import FileSet

    try:
        ds = dcmread(path)
        found = [Path(inst.path) for inst in FileSet(ds)]
    except Exception as exc:  # a damaged index must not stop the scan; the walk still finds files
        return [LoadFailure(path, FailureKind.CORRUPT, f"cannot read this DICOMDIR index: {exc}")]
    out: list[Path | LoadFailure] = list(found)
    known = {os.path.normcase(p) for p in found}
    for record in ds.get("DirectoryRecordSequence", []):
        ref = record.get("ReferencedFileID")
        if not ref:
            continue
        parts = [str(ref)] if isinstance(ref, str) else [str(p) for p in ref]
        if any(p in ("", ".", "..") for p in parts):
            continue
        expected = path.parent.joinpath(*parts)
        if os.path.normcase(expected) in known:
            continue
        known.add(os.path.normcase(expected))
        actual = _find_ignoring_case(path.parent, parts)
        out.append(
            actual
            if actual is not None
            else LoadFailure(expected, FailureKind.NOT_FOUND, "listed in the DICOMDIR but missing")
        )
    return out


def _find_ignoring_case(root: Path, parts: list[str]) -> Path | None:
    current = root
    for part in parts:
        try:
            match = next(
                (e.name for e in os.scandir(current) if e.name.casefold() == part.casefold()), None
            )
        except OSError:
            return None
        if match is None:
            return None
        current = current / match
    return current if current.is_file() else None


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
            yield walker.fail(path, FailureKind.NOT_FOUND, "file or folder not found")
            continue
        except OSError as exc:
            yield walker.fail(path, FailureKind.UNREADABLE, f"cannot access: {os_reason(exc)}")
            continue
        except ValueError:  # e.g. a NUL character in the name
            yield walker.fail(path, FailureKind.NOT_FOUND, "not a valid file or folder name")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from walker.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            if path.name.upper() == "DICOMDIR":
                yield from walker.dicomdir(path)
            else:
                yield from walker.file(path, st, explicit=True)
        else:
            yield walker.fail(path, FailureKind.UNREADABLE, "not a regular file or folder")
