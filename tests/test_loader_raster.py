"""JPEG / PNG / BMP / TIFF loading: real Kermany files plus files generated per test."""

from __future__ import annotations

import io
import math
import os
import shutil
import struct
import tracemalloc
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from inference.core.types import FailureKind, Flag, LoadedImage, LoadFailure
from inference.imaging import loader, raster_io
from inference.imaging.loader import LoadError, load_image, try_load
from inference.imaging.raster_io import parse_header, parse_jpeg

SAMPLE = "NORMAL2-IM-0888-0001.jpeg"  # 2450 x 2145, grey baseline JPEG


def _fail(path: Path, **kw) -> LoadFailure:
    result = try_load(path, **kw)
    assert isinstance(result, LoadFailure), f"expected a failure, got {result!r}"
    return result


def _ok(path: Path, **kw) -> LoadedImage:
    img = load_image(path, **kw)
    assert img.pixels.dtype == np.float32 and img.pixels.ndim == 2
    assert img.pixels.flags.c_contiguous
    assert float(img.pixels.min()) >= 0.0 and float(img.pixels.max()) <= 1.0
    return img


def _smooth_gray(h: int = 120, w: int = 160) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return ((np.sin(x / 9.0) + np.cos(y / 7.0) + 2) * 63).astype(np.uint8)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_png_bomb(path: Path, width: int, height: int) -> Path:
    """A valid-looking PNG that declares a huge size but holds a few bytes of compressed data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    return path


# --------------------------------------------------------------------------- real JPEGs


def test_kermany_jpeg_full_resolution(samples_dir: Path) -> None:
    path = samples_dir / SAMPLE
    img = _ok(path)
    expected = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert img.format == "jpeg"
    assert img.original_size == (2145, 2450) == img.pixels.shape
    assert img.reduced_factor == 1 and img.bit_depth == 8
    assert not img.flags and not img.was_colour and img.photometric is None
    assert img.raw is None  # 8-bit: the viewer windows the pixels themselves
    np.testing.assert_allclose(img.pixels, expected / 255.0, atol=1e-6)


@pytest.mark.parametrize(
    ("max_side", "factor"), [(224, 8), (448, 4), (1000, 2), (1300, 1), (None, 1)]
)
def test_reduced_jpeg_decode(samples_dir: Path, max_side: int | None, factor: int) -> None:
    """Largest factor keeping the longer side >= max_side; original_size stays the full size."""
    path = samples_dir / SAMPLE
    img = _ok(path, max_side=max_side)
    assert img.reduced_factor == factor
    assert img.pixels.shape == (math.ceil(2145 / factor), math.ceil(2450 / factor))
    assert max(img.pixels.shape) >= (max_side or 0)
    assert img.original_size == (2145, 2450)
    if factor > 1:
        full = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255.0
        area = cv2.resize(full, img.pixels.shape[::-1], interpolation=cv2.INTER_AREA)
        assert np.abs(area - img.pixels).mean() < 0.01  # DCT-domain scaling ~ area average


def test_kermany_rgb_files_with_equal_channels_are_not_colour(shared_data: Path) -> None:
    files = sorted((shared_data / "kermany-fullres" / "train").rglob("*.jpeg"))
    rgb = [f for f in files if parse_jpeg(f.read_bytes()).channels == 3]
    assert len(rgb) == 10
    for f in rgb[:4]:
        img = _ok(f, max_side=448)
        assert not img.was_colour and Flag.COLOUR not in img.flags, f.name


def test_progressive_jpeg(shared_data: Path) -> None:
    files = sorted((shared_data / "kermany-fullres" / "train").rglob("*.jpeg"))
    progressive = [f for f in files if parse_jpeg(f.read_bytes()).coding == "progressive"]
    assert len(progressive) == 5
    img = _ok(progressive[0])
    expected = cv2.imread(str(progressive[0]), cv2.IMREAD_GRAYSCALE)
    np.testing.assert_allclose(img.pixels, expected / 255.0, atol=1e-6)


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_jpeg(tmp_path: Path, samples_dir: Path, keep: float) -> None:
    data = (samples_dir / SAMPLE).read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: int(len(data) * keep)])
    failure = _fail(path)
    assert failure.kind is FailureKind.TRUNCATED
    assert failure.message == "truncated JPEG (file ends before the image data is complete)"


def test_jpeg_cut_inside_its_header(tmp_path: Path, samples_dir: Path) -> None:
    path = tmp_path / "cut.jpg"
    path.write_bytes((samples_dir / SAMPLE).read_bytes()[:300])
    failure = _fail(path)
    assert failure.kind is FailureKind.TRUNCATED
    assert failure.message == "truncated JPEG (file ends before the image data)"


def test_trailing_bytes_after_jpeg_end_are_fine(tmp_path: Path, samples_dir: Path) -> None:
    path = tmp_path / "trailer.jpg"
    path.write_bytes((samples_dir / SAMPLE).read_bytes() + b"\x00" * 64 + b"vendor trailer")
    assert _ok(path, max_side=224).reduced_factor == 8


def test_non_ascii_file_name(tmp_path: Path, samples_dir: Path) -> None:
    target = tmp_path / "röntgen_肺.jpg"
    shutil.copy(samples_dir / SAMPLE, target)
    img = _ok(target, max_side=448)
    reference = _ok(samples_dir / SAMPLE, max_side=448)
    assert img.path == target
    assert np.array_equal(img.pixels, reference.pixels)


def test_reading_never_writes_to_the_folder(tmp_path: Path, samples_dir: Path) -> None:
    shutil.copy(samples_dir / SAMPLE, tmp_path / "a.jpeg")
    (tmp_path / "b.png").write_bytes(b"not a png")
    before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    for p in list(tmp_path.iterdir()):
        try_load(p)
        try_load(p, max_side=224)
    after = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    assert after == before


# --------------------------------------------------------------------------- orientation


def _exif_jpeg(path: Path, orientation: int) -> Path:
    arr = np.zeros((100, 200), np.uint8)
    arr[:10, :50] = 255  # a bright block at the stored image's top-left
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(arr).save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


@pytest.mark.parametrize("max_side", [None, 50])
def test_exif_orientation_is_honoured(tmp_path: Path, max_side: int | None) -> None:
    """Orientation 6 (rotate 90° clockwise): landscape file shows as portrait, block top right."""
    img = _ok(_exif_jpeg(tmp_path / "rot.jpg", 6), max_side=max_side)
    f = img.reduced_factor
    assert f == (1 if max_side is None else 4)
    assert img.pixels.shape == (200 // f, 100 // f)
    assert img.original_size == (200, 100)
    rows, cols = np.nonzero(img.pixels > 0.5)  # the 10x50 block is now 50x10, at the top right
    assert rows.max() <= 52 / f and cols.min() >= 86 / f
    assert rows.size == pytest.approx(500 / f**2, rel=0.25)


# --------------------------------------------------------------------------- generated files


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    failure = _fail(path)
    assert failure.kind is FailureKind.EMPTY and failure.message == "the file is empty (0 bytes)"


def test_missing_file(tmp_path: Path) -> None:
    failure = _fail(tmp_path / "gone.jpg")
    assert failure.kind is FailureKind.NOT_FOUND


def test_directory_named_like_an_image(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").mkdir()
    failure = _fail(tmp_path / "x.jpg")
    assert failure.kind is FailureKind.UNREADABLE
    assert failure.message == "this is a folder, not a file"


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied, simulated so it also runs as root (where chmod does not block)."""
    path = tmp_path / "locked.jpg"
    cv2.imwrite(str(path), _smooth_gray())

    real_open = loader.open_regular

    def deny(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(loader, "open_regular", deny)
    failure = _fail(path)
    assert failure.kind is FailureKind.UNREADABLE
    assert failure.message == "cannot read the file: permission denied"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read mode 000 files"
)
def test_unreadable_file_real_permissions(tmp_path: Path) -> None:
    path = tmp_path / "locked.jpg"
    cv2.imwrite(str(path), _smooth_gray())
    path.chmod(0)
    try:
        assert _fail(path).kind is FailureKind.UNREADABLE
    finally:
        path.chmod(0o600)


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("patient notes, not an image\n")
    failure = _fail(path)
    assert failure.kind is FailureKind.NOT_AN_IMAGE
    assert failure.message == "not an image: its content is not JPEG, PNG, BMP, TIFF or DICOM"


@pytest.mark.parametrize(
    ("payload", "words"),
    [(b"%PDF-1.7\n...", "a PDF document"), (b"GIF89a\x01\x00\x01\x00", "a GIF image")],
)
def test_known_non_image_formats_are_named(tmp_path: Path, payload: bytes, words: str) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(payload + b"\x00" * 200)
    failure = _fail(path)
    assert failure.kind is FailureKind.NOT_AN_IMAGE and words in failure.message


def test_png_decompression_bomb_refused_from_header(tmp_path: Path) -> None:
    path = write_png_bomb(tmp_path / "bomb.png", 20000, 20000)
    assert path.stat().st_size < 1000
    tracemalloc.start()
    try:
        failure = _fail(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert failure.kind is FailureKind.TOO_LARGE
    assert failure.message == "image is 20000x20000 (400 MP), larger than the 200 MP limit"
    assert peak < 5 * 2**20  # nothing close to 400 MB was allocated


def test_png_just_under_the_limit_is_not_refused_by_the_guard(tmp_path: Path) -> None:
    """A 14000x14000 header passes the guard; its few bytes of data then fail as damaged."""
    failure = _fail(write_png_bomb(tmp_path / "big.png", 14000, 14000))
    assert failure.kind is FailureKind.CORRUPT


def test_sixteen_bit_png_keeps_raw_values(tmp_path: Path) -> None:
    arr = (np.linspace(100, 3900, 200 * 150).reshape(200, 150)).astype(np.uint16)  # 12-bit data
    path = tmp_path / "deep.png"
    assert cv2.imwrite(str(path), arr)
    img = _ok(path)
    assert img.bit_depth == 16 and not img.flags
    assert img.raw is not None and np.array_equal(img.raw, arr.astype(np.float32))
    assert img.default_window is not None
    centre, width = img.default_window
    assert 100 <= centre - width / 2 < 150 and 3850 < centre + width / 2 <= 3900
    assert img.pixels.min() == 0.0 and img.pixels.max() == 1.0  # the data range, not 0..65535
    small = _ok(path, max_side=60)
    assert small.reduced_factor == 2 and small.pixels.shape == (100, 75) and small.raw is None


@pytest.mark.parametrize("max_side", [None, 448])
def test_keep_uint8_gives_the_same_pixels_without_the_float_copy(
    samples_dir: Path, max_side: int | None
) -> None:
    """The batch pipeline's uint8 option: same image, 0-255, same metadata; default unchanged."""
    path = samples_dir / SAMPLE
    ref = _ok(path, max_side=max_side)
    u8 = load_image(path, max_side=max_side, keep_uint8=True)
    assert ref.pixels.dtype == np.float32 and u8.pixels.dtype == np.uint8
    np.testing.assert_allclose(u8.pixels * np.float32(1 / 255), ref.pixels, atol=1e-7)
    assert (u8.original_size, u8.reduced_factor, u8.flags) == (
        ref.original_size,
        ref.reduced_factor,
        ref.flags,
    )
    assert try_load(path, max_side, keep_uint8=True).pixels.dtype == np.uint8


def test_keep_uint8_leaves_deep_images_windowed_float(tmp_path: Path) -> None:
    arr = (np.linspace(100, 3900, 60 * 50).reshape(60, 50)).astype(np.uint16)
    path = tmp_path / "deep.png"
    assert cv2.imwrite(str(path), arr)
    img = _ok(path, keep_uint8=True)
    assert img.pixels.dtype == np.float32 and img.pixels.max() == 1.0


@pytest.mark.parametrize(
    ("planes", "colour"),
    [("grey", False), ("one_channel_off", True), ("small_noise", False)],
)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_is_colour_on_every_sample_type(planes: str, colour: bool, dtype: type) -> None:
    """Element-wise chroma (the fast path) judged against each dtype's full scale."""
    rng = np.random.default_rng(3)
    scale = {np.uint8: 255, np.uint16: 65535, np.float32: 1.0}[dtype]
    g = rng.random((300, 200)) * 0.8 + 0.1
    other = {"grey": g, "one_channel_off": g * 0.5, "small_noise": g + 0.01}[planes]
    img = (np.dstack([g, g, other]) * scale).astype(dtype)
    assert raster_io.is_colour(img) is colour
    assert raster_io.is_colour(img[:, :, ::-1]) is colour  # a strided (non-contiguous) view


def test_colour_photo_is_flagged(tmp_path: Path) -> None:
    rgb = np.random.default_rng(0).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    path = tmp_path / "photo.jpg"
    cv2.imwrite(str(path), cv2.GaussianBlur(rgb, (5, 5), 0))
    img = _ok(path)
    assert img.was_colour and Flag.COLOUR in img.flags
    assert _ok(path, max_side=40).was_colour


def test_grey_stored_as_rgb_png_is_not_colour(tmp_path: Path) -> None:
    grey = _smooth_gray()
    path = tmp_path / "rgb.png"
    cv2.imwrite(str(path), cv2.merge([grey, grey, grey]))
    img = _ok(path)
    assert not img.was_colour and not img.flags
    np.testing.assert_allclose(img.pixels, grey / 255.0, atol=1e-6)


def test_cmyk_jpeg(tmp_path: Path) -> None:
    rgb = np.random.default_rng(1).integers(0, 256, (64, 80, 3), dtype=np.uint8)
    path = tmp_path / "cmyk.jpg"
    Image.fromarray(rgb).convert("CMYK").save(path, "JPEG")
    assert parse_header(path.read_bytes(), "jpeg").colour_model == "cmyk"
    img = _ok(path)
    assert img.pixels.shape == (64, 80) and img.was_colour


def test_palette_png_grey_and_colour(tmp_path: Path) -> None:
    grey_path = tmp_path / "grey_palette.png"
    Image.fromarray(_smooth_gray()).convert("P").save(grey_path)
    assert parse_header(grey_path.read_bytes(), "png").colour_model == "palette"
    grey = _ok(grey_path)
    assert not grey.was_colour and not grey.flags and grey.bit_depth == 8
    rgb = np.random.default_rng(2).integers(0, 256, (60, 80, 3), dtype=np.uint8)
    colour_path = tmp_path / "colour_palette.png"
    Image.fromarray(rgb).convert("P", palette=Image.Palette.ADAPTIVE).save(colour_path)
    assert _ok(colour_path).was_colour


def test_alpha_png_drops_alpha(tmp_path: Path) -> None:
    grey = _smooth_gray()
    alpha = np.full_like(grey, 128)
    path = tmp_path / "alpha.png"
    cv2.imwrite(str(path), cv2.merge([grey, grey, grey, alpha]))
    img = _ok(path)
    assert not img.was_colour
    np.testing.assert_allclose(img.pixels, grey / 255.0, atol=1e-6)


def test_one_bit_png_is_unusual(tmp_path: Path) -> None:
    path = tmp_path / "bilevel.png"
    Image.fromarray(_smooth_gray() > 128).save(path)
    img = _ok(path)
    assert img.bit_depth == 1 and Flag.UNUSUAL_BIT_DEPTH in img.flags
    assert set(np.unique(img.pixels)) == {0.0, 1.0}


def test_truncated_png(tmp_path: Path) -> None:
    _, enc = cv2.imencode(
        ".png", np.random.default_rng(4).integers(0, 256, (200, 200), dtype=np.uint8)
    )
    path = tmp_path / "cut.png"
    path.write_bytes(enc.tobytes()[: len(enc) // 2])
    failure = _fail(path)
    assert failure.kind is FailureKind.TRUNCATED
    assert failure.message == "truncated PNG (file ends before the image data is complete)"


def test_bmp_and_truncated_bmp(tmp_path: Path) -> None:
    grey = _smooth_gray()
    path = tmp_path / "x.bmp"
    cv2.imwrite(str(path), grey)
    img = _ok(path)
    assert img.format == "bmp" and not img.flags
    np.testing.assert_allclose(img.pixels, grey / 255.0, atol=1e-6)
    path.write_bytes(path.read_bytes()[:5000])
    assert _fail(path).kind is FailureKind.TRUNCATED


def test_tiff_16bit_float_and_pages(tmp_path: Path) -> None:
    arr16 = (np.linspace(0, 60000, 80 * 60).reshape(80, 60)).astype(np.uint16)
    p16 = tmp_path / "deep.tif"
    cv2.imwrite(str(p16), arr16)
    img = _ok(p16)
    assert img.format == "tiff" and img.bit_depth == 16 and not img.flags
    assert img.raw is not None and np.array_equal(img.raw, arr16.astype(np.float32))

    pf = tmp_path / "float.tiff"
    cv2.imwrite(str(pf), (arr16 / 60000.0).astype(np.float32))
    fimg = _ok(pf)
    assert Flag.UNUSUAL_BIT_DEPTH in fimg.flags and fimg.bit_depth == 32

    pages = tmp_path / "pages.tif"
    cv2.imwritemulti(str(pages), [_smooth_gray(), 255 - _smooth_gray()])
    multi = _ok(pages)
    assert multi.frame_count == 2
    np.testing.assert_allclose(multi.pixels, _smooth_gray() / 255.0, atol=1e-6)

    data = p16.read_bytes()
    p16.write_bytes(data[: len(data) // 2])
    assert _fail(p16).kind is FailureKind.TRUNCATED


def test_big_endian_tiff_header(tmp_path: Path) -> None:
    path = tmp_path / "mm.tif"
    Image.fromarray(_smooth_gray()).save(path, tiffinfo={}, compression=None)
    data = path.read_bytes()
    header = parse_header(data, "tiff")
    assert (header.width, header.height, header.bit_depth) == (160, 120, 8)
    big = io.BytesIO()
    Image.fromarray(_smooth_gray()).convert("I;16B").save(big, "TIFF")
    assert big.getvalue()[:2] == b"MM"
    header = parse_header(big.getvalue(), "tiff")
    assert (header.width, header.height, header.bit_depth) == (160, 120, 16)


def test_damaged_headers_are_corrupt_not_crashes(tmp_path: Path) -> None:
    cases = {
        "a.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        "b.tif": b"II*\x00\xff\xff\xff\x7f" + b"\x00" * 40,
        "c.bmp": b"BM" + b"\x00" * 12 + struct.pack("<I", 40) + b"\xff" * 40,
        "d.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        failure = _fail(tmp_path / name)
        assert failure.kind in (FailureKind.CORRUPT, FailureKind.TRUNCATED), (name, failure)


def test_try_load_reports_internal_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.png"
    cv2.imwrite(str(path), _smooth_gray())

    def boom(*args, **kwargs):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(raster_io, "decode_raster", boom)
    failure = _fail(path)
    assert failure.kind is FailureKind.INTERNAL and "ZeroDivisionError" in failure.message
    with pytest.raises(ZeroDivisionError):  # load_image does not hide bugs; try_load does
        load_image(path)


def test_load_image_raises_load_error_only(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("hello")
    with pytest.raises(LoadError) as info:
        load_image(path)
    assert info.value.kind is FailureKind.NOT_AN_IMAGE


def test_reduction_factor_rule() -> None:
    rf = raster_io.reduction_factor
    assert rf(2145, 2450, 224) == 8 and rf(2145, 2450, 307) == 8 and rf(2145, 2450, 308) == 4
    assert rf(100, 100, 224) == 1 and rf(4000, 100, None) == 1 and rf(4000, 100, 0) == 1


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.jpg"
    shutil.copy(samples_dir / SAMPLE, path)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 2**19)
    failure = _fail(path)
    assert failure.kind is FailureKind.TOO_LARGE
    assert failure.message == "file is 1.1 MiB, larger than the 0.5 MiB limit for JPEG images"
