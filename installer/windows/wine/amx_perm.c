/* LD_PRELOAD shim for the Wine build and smoke test only (never part of the bundle).
 *
 * Recent Intel CPUs have AMX (tile registers). Linux lets a process use them only after it asked
 * for them with arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA); without it the first AMX
 * instruction (onnxruntime's `tileloadd`) kills the process with SIGILL (exit 29 under Wine).
 * Linux onnxruntime asks by itself; the Windows build under Wine cannot (Windows grants AMX to
 * every process), so this constructor asks on its behalf in every Wine process. The permission
 * is per process and is cleared by execve, hence LD_PRELOAD rather than a one-off call.
 *
 * On a CPU or kernel without AMX the request fails with EINVAL and nothing changes.
 * Built by build_shims.sh:  gcc -shared -fPIC -O2 -o libcxr-amx-perm.so amx_perm.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CXR_ARCH_REQ_XCOMP_PERM 0x1023
#define CXR_XFEATURE_XTILEDATA 18

/* What the request returned, for tests: 1 = constructor not run, 0 = granted, else -errno. */
int cxr_amx_perm_result = 1;

__attribute__((constructor)) static void cxr_request_amx_permission(void)
{
    int saved = errno;
    long rc = syscall(SYS_arch_prctl, CXR_ARCH_REQ_XCOMP_PERM, CXR_XFEATURE_XTILEDATA);
    cxr_amx_perm_result = rc == 0 ? 0 : -errno;
    errno = saved;
}
