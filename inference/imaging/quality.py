"""Quality flags: reasons to trust a score less. Pure functions.

A flag never removes an image from the worklist: the result stays, marked, so a clinician sees
both the score and why it may be unreliable (a photo of a screen, a tiny thumbnail, a knee).
"""

from __future__ import annotations

import numpy as np

from inference.core.types import Flag, LoadedImage
from inference.imaging.body_part import is_not_chest

#: Standard deviation of [0, 1] grey levels below which an image is nearly flat. Chest
#: radiographs sit around 0.15-0.30; 0.03 is ~8 grey levels of spread on an 8-bit image.
LOW_CONTRAST_STD = 0.03
USUAL_BIT_DEPTHS = frozenset({8, 10, 12, 14, 15, 16})
USUAL_PHOTOMETRIC = frozenset({"MONOCHROME1", "MONOCHROME2"})


def is_small(original_size: tuple[int, int], input_size: tuple[int, int]) -> bool:
    """The original has fewer pixels than the model input along either side: it is upscaled."""
    return original_size[0] < input_size[0] or original_size[1] < input_size[1]


def is_low_contrast(std: float) -> bool:
    """Spread of the [0, 1] grey levels is too small for the model to see structure."""
    return not np.isfinite(std) or std < LOW_CONTRAST_STD


def is_unusual_bit_depth(bit_depth: int) -> bool:
    return bit_depth not in USUAL_BIT_DEPTHS


def is_unusual_photometric(photometric: str | None) -> bool:
    """Colour or palette DICOMs are not plain radiographs; non-DICOM files carry None."""
    return photometric is not None and photometric.upper() not in USUAL_PHOTOMETRIC


def image_flags(image: LoadedImage, input_size: tuple[int, int], std: float) -> set[Flag]:
    """Everything knowable before inference: the loader's flags plus size, contrast, DICOM tags.

    ``std`` is the standard deviation of the grey levels (in [0, 1]) of the image as the model
    sees it, computed by the caller on the resized image so it costs nothing extra.
    """
    flags = set(image.flags)
    if image.was_colour:
        flags.add(Flag.COLOUR)
    if is_small(image.original_size, input_size):
        flags.add(Flag.SMALL)
    if is_low_contrast(std):
        flags.add(Flag.LOW_CONTRAST)
    if is_unusual_bit_depth(image.bit_depth):
        flags.add(Flag.UNUSUAL_BIT_DEPTH)
    if image.bit_depth == 1:  # a silhouette or a drawing: no radiograph is stored in 1 bit
        flags.add(Flag.BILEVEL)
    if is_unusual_photometric(image.photometric):
        flags.add(Flag.UNUSUAL_PHOTOMETRIC)
    if is_not_chest(image.metadata.get("body_part")):
        flags.add(Flag.NOT_CHEST)
    if image.frame_count > 1:
        flags.add(Flag.MULTI_FRAME)
    return flags
