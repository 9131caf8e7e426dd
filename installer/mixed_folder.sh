# The small mixed folder every frozen program is smoke-tested on (sourced by installer/smoke_test.sh
# and installer/windows/smoke_test_windows.sh; not run on its own).

# Chest DICOMs of ../shared/data/dicom (source:name in the folder): JPEG-LS and a MONOCHROME1 JPEG.
MIXED_DICOMS=(
    "nema-compsamples/chest/RG1_JLSN.dcm:chest_jpegls.dcm"
    "orthanc-tests/Issue44_Monochrome1-Jpeg.dcm:chest_jpeg_mono1.dcm"
)

# missing_mixed_dicoms DATA: the test DICOMs not found under DATA/dicom, one per line.
missing_mixed_dicoms() {
    local pair
    for pair in "${MIXED_DICOMS[@]}"; do
        [[ -f "$1/dicom/${pair%%:*}" ]] || echo "$1/dicom/${pair%%:*}"
    done
}

# make_mixed_folder IMAGES SAMPLES DATA WITH_DICOM: two sample JPEGs from SAMPLES, the chest
# DICOMs from DATA (WITH_DICOM=1) in IMAGES/dicom, and broken.dcm (a DICOM preamble, then
# garbage: reported in the worklist, never fatal). Sets SCORED to the files that must be scored.
make_mixed_folder() {
    local images="$1" samples="$2" data="$3" with_dicom="$4" pair
    mkdir -p "$images/dicom"
    SCORED=(NORMAL2-IM-0845-0001.jpeg person1343_bacteria_3419.jpeg)
    cp "$samples/${SCORED[0]}" "$samples/${SCORED[1]}" "$images/"
    if [[ $with_dicom -eq 1 ]]; then
        for pair in "${MIXED_DICOMS[@]}"; do
            cp "$data/dicom/${pair%%:*}" "$images/dicom/${pair##*:}"
            SCORED+=("${pair##*:}")
        done
    fi
    { head -c 128 /dev/zero; printf 'DICM'; head -c 200 /dev/urandom; } >"$images/broken.dcm"
}
