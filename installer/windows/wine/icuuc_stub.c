/*
 * icuuc.dll for the Wine build prefix only (never in the bundle). Windows 10 1903+ ships the
 * system ICU as icuuc.dll and Qt 6's Windows build links to it for the legacy character-set
 * converters of QStringConverter (ucnv_*); Wine 8 has no such DLL, so Qt6Core.dll would not load.
 * CXR Triage never converts from legacy code pages (UTF-8/UTF-16 are Qt's own), so this answers
 * "no converter available": ucnv_open fails with U_FILE_ACCESS_ERROR and there are no names.
 * The remaining entry points are never reached without a converter and just return 0.
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4

EXPORT void *ucnv_open(const char *name, int *err)
{
    (void)name;
    if (err != NULL && *err <= 0)
        *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, int *err)
{
    (void)name; (void)standard; (void)err;
    return NULL;
}
EXPORT const char *ucnv_getName(const void *cnv, int *err) { (void)cnv; (void)err; return NULL; }

/* Only ever called with a converter from ucnv_open, which never returns one. */
#define NEVER(name) EXPORT intptr_t name(void) { return 0; }
NEVER(ucnv_close) NEVER(ucnv_reset) NEVER(ucnv_getMaxCharSize)
NEVER(ucnv_getToUCallBack) NEVER(ucnv_getFromUCallBack)
NEVER(ucnv_setToUCallBack) NEVER(ucnv_setFromUCallBack)
NEVER(ucnv_cbToUWriteUChars) NEVER(ucnv_cbFromUWriteUChars)
NEVER(ucnv_toUnicode) NEVER(ucnv_fromUnicode)
NEVER(ucnv_toUCountPending) NEVER(ucnv_fromUCountPending)
NEVER(UCNV_FROM_U_CALLBACK_SUBSTITUTE) NEVER(UCNV_TO_U_CALLBACK_SUBSTITUTE)
