# The licence guard every bundle passes (sourced by build_linux.sh, smoke_test.sh and
# windows/build_windows.sh): pylibjpeg-libjpeg is GPL-3.0 and must never ship (installer/README.md).

# gpl_decoder_in INTERNAL: the first file of pylibjpeg-libjpeg found in a bundle's _internal/
# folder (its package or its dist-info), or nothing.
gpl_decoder_in() {
    local found
    for found in "$1/libjpeg" "$1"/pylibjpeg_libjpeg-*; do
        if [[ -e "$found" ]]; then
            echo "$found"
            return
        fi
    done
}
