"""Regenerate the tiny compressed frames embedded in ``inference/cli/selftest_fixtures.py``.

Why: the self-test must prove that the installed program can decode every compressed DICOM
syntax it claims to support, but no DICOM file may be shipped. So the self-test carries a few
hundred bytes of codestream per syntax, each encoding a known 16x16 test pattern, and decodes them
through every available pydicom plugin. This script made those bytes; run it only to change them:

    .venv/bin/pip install python-gdcm==3.2.6   # the lossless JPEG / JPEG-LS / JPEG 2000 encoders
    .venv/bin/python installer/make_selftest_codestreams.py > /tmp/codestreams.txt

and paste its output over ``_CODESTREAMS`` in ``inference/cli/selftest_fixtures.py``. Each
codestream is decoded back here (with every available plugin) before it is printed.
"""

from __future__ import annotations

import base64
import sys
import tempfile
import textwrap
from pathlib import Path

import cv2
import gdcm  # python-gdcm: encoder for JPEG lossless, JPEG-LS and JPEG 2000
import numpy as np
from pydicom import dcmread
from pydicom.encaps import generate_frames
from pydicom.uid import RLELossless

from inference.cli.selftest_fixtures import (
    CODEC_SYNTAXES,
    JPEG_BASELINE_TOLERANCE,
    build_dataset,
    decode_all_plugins,
    pattern,
)

_GDCM_SYNTAX = {
    "1.2.840.10008.1.2.4.70": gdcm.TransferSyntax.JPEGLosslessProcess14_1,
    "1.2.840.10008.1.2.4.80": gdcm.TransferSyntax.JPEGLSLossless,
    "1.2.840.10008.1.2.4.90": gdcm.TransferSyntax.JPEG2000Lossless,
}


def _gdcm_encode(uid: str, bits: int) -> bytes:
    """Transcode an uncompressed pattern file with GDCM and return its single frame."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "src.dcm", Path(tmp) / "dst.dcm"
        build_dataset(pattern(bits), bits, None).save_as(src, enforce_file_format=True)
        reader = gdcm.ImageReader()
        reader.SetFileName(str(src))
        if not reader.Read():
            raise RuntimeError("gdcm could not read the pattern file")
        change = gdcm.ImageChangeTransferSyntax()
        change.SetTransferSyntax(gdcm.TransferSyntax(_GDCM_SYNTAX[uid]))
        change.SetInput(reader.GetImage())
        if not change.Change():
            raise RuntimeError(f"gdcm could not encode {uid}")
        writer = gdcm.ImageWriter()
        writer.SetFileName(str(dst))
        writer.SetFile(reader.GetFile())
        writer.SetImage(change.GetOutput())
        if not writer.Write():
            raise RuntimeError("gdcm could not write the encoded file")
        ds = dcmread(dst)
        return next(generate_frames(ds.PixelData, number_of_frames=1))


def encode(uid: str, bits: int) -> bytes:
    if uid in _GDCM_SYNTAX:
        return _gdcm_encode(uid, bits)
    if uid == RLELossless:
        ds = build_dataset(pattern(bits), bits, None)
        ds.compress(RLELossless, encoding_plugin="pydicom")
        return next(generate_frames(ds.PixelData, number_of_frames=1))
    # JPEG baseline: OpenCV writes a plain baseline JFIF stream, which DICOM decoders accept.
    ok, data = cv2.imencode(".jpg", pattern(bits).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 95])
    if not ok:
        raise RuntimeError("OpenCV could not encode the baseline JPEG")
    return data.tobytes()


def main() -> int:
    print("_CODESTREAMS: dict[str, str] = {")
    for uid, (_name, bits) in CODEC_SYNTAXES.items():
        frame = encode(uid, bits)
        tol = JPEG_BASELINE_TOLERANCE if bits == 8 else 0
        for plugin, err in decode_all_plugins(uid, frame, bits).items():
            if err is not None and err > tol:
                raise RuntimeError(f"{uid} via {plugin}: max error {err} > {tol}")
        text = base64.b64encode(frame).decode("ascii")
        print(f'    "{uid}": (')
        for line in textwrap.wrap(text, 84):
            print(f'        "{line}"')
        print("    ),")
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
