"""Trim the ICU data library that PySide6 bundles (libicudata.so.73, 32 MB) to what Qt uses.

Qt 6 links ICU for a few things only: QCollator (collation: ``coll/``), case mapping by locale,
IDNA (``*.nrm``), time-zone rules, and legacy code pages in QStringConverter. It has its own
tables for locales (CLDR compiled into QtCore), text boundaries and shaping. So ICU's localized
display names (languages, regions, currencies, units, time zones: the one visible effect is
that QLocale::LongFormat writes "Europe/Paris" instead of "heure normale d'Europe centrale";
the program formats no date through Qt), its break-iterator
dictionaries, transliterators, spell-out rules and the legacy converters (the program reads and
writes UTF-8/UTF-16 only) are never looked up; they are ~23 MB of the 32.

The library is one symbol, ``icudtNN_dat``: an ICU "common data" package (header, table of
contents sorted by name, 16-byte aligned items). This rebuilds the package without the items
under ``DROP_PREFIXES`` and links it into a library with the same SONAME and symbol, so
libicuuc finds exactly what it expects. A lookup of a removed item fails like a missing locale
does (ICU falls back to root, Qt to its own code).

    python installer/icu_data_trim.py BUNDLE/_internal/PySide6/Qt/lib/libicudata.so.73

Needs binutils (readelf) and gcc. Checked in tests/test_installer.py with PySide6's own ICU.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

#: Item name prefixes (after the package's ``icudtNNl/``) that are left out.
DROP_PREFIXES = (
    "brkitr/",  # break iterators and their dictionaries (Qt breaks text itself)
    "curr/",  # currency display names
    "lang/",  # language display names
    "region/",  # region display names
    "unit/",  # measurement unit names
    "zone/",  # localized time-zone names (the rules, zoneinfo64.res, stay)
    "translit/",  # transliterators
    "rbnf/",  # rule-based number spell-out
)
#: Top-level items left out by suffix: the legacy code-page converter tables.
DROP_SUFFIXES = (".cnv",)
MARKER = b"cxr-triage trimmed ICU data"


def _dat_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol."""
    syms = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(library)], check=True, capture_output=True, text=True
    ).stdout
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+\d+\s+(icudt\d+_dat)", syms
    )
    if not found:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    vaddr, size, name = int(found[1], 16), int(found[2], 0), found[3]
    sections = subprocess.run(
        ["readelf", "-W", "-S", str(library)], check=True, capture_output=True, text=True
    ).stdout
    for line in sections.splitlines():
        cols = line.replace("[ ", "[").split()
        if len(cols) > 6 and cols[2] in ("PROGBITS",):
            addr, off, sz = int(cols[3], 16), int(cols[4], 16), int(cols[5], 16)
            if addr <= vaddr < addr + sz:
                return name, off + vaddr - addr, size
    raise ValueError(f"{library}: {name} is in no PROGBITS section")


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(item name, item bytes)]) of an ICU common-data package."""
    (header_size,) = struct.unpack_from("<H", data, 0)
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", data, toc)
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_off, data_off) in enumerate(entries):
        end_name = data.index(b"\0", toc + name_off)
        name = data[toc + name_off : end_name].decode("ascii")
        data_end = entries[i + 1][1] if i + 1 < count else len(data) - toc
        items.append((name, data[toc + data_off : toc + data_end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package bytes (items keep their order: the table of contents stays sorted)."""
    count = len(items)
    names = b""
    name_offsets = []
    base = 4 + 8 * count
    for name, _ in items:
        name_offsets.append(base + len(names))
        names += name.encode("ascii") + b"\0"
    body_start = base + len(names)
    pad = (-(len(header) + body_start)) % 16
    offset = body_start + pad
    toc = struct.pack("<I", count)
    blobs = b""
    for (_, blob), name_off in zip(items, name_offsets, strict=True):
        toc += struct.pack("<II", name_off, offset + len(blobs))
        blobs += blob + b"\0" * ((-len(blob)) % 16)
    return header + toc + names + b"\0" * pad + blobs


def dropped(name: str) -> bool:
    rest = name.split("/", 1)[1] if "/" in name else name
    return rest.startswith(DROP_PREFIXES) or ("/" not in rest and rest.endswith(DROP_SUFFIXES))


def trim(library: Path) -> str:
    """Replace ``library`` by its trimmed version; returns a one-line report."""
    raw = library.read_bytes()
    if MARKER in raw:
        return f"{library.name}: already trimmed"
    symbol, offset, size = _dat_symbol(library)
    header, items = read_package(raw[offset : offset + size])
    kept = [(n, b) for n, b in items if not dropped(n)]
    package = write_package(header, kept)
    soname = re.search(
        r"\(SONAME\)\s+Library soname: \[([^\]]+)\]",
        subprocess.run(["readelf", "-d", str(library)], check=True, capture_output=True,
                       text=True).stdout,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "icu.dat"
        dat.write_bytes(package)
        asm = Path(tmp) / "icu.s"
        asm.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, .-{symbol}\n'
            f'\t.globl cxr_icu_note\ncxr_icu_note:\n\t.asciz "{MARKER.decode()}"\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        out = Path(tmp) / library.name
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", "-s",
             f"-Wl,-soname,{soname[1] if soname else library.name}", "-o", str(out), str(asm)],
            check=True,
        )  # fmt: skip
        out.replace(library)
    return (
        f"{library.name}: {len(items)} -> {len(kept)} items, "
        f"{len(raw) / 1e6:.1f} -> {library.stat().st_size / 1e6:.1f} MB"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: python installer/icu_data_trim.py .../libicudata.so.NN", file=sys.stderr)
        return 2
    print(trim(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
