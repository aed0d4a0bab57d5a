/*
 * Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
 * library takes its randomness from on Windows; without it every Rust
 * program exits at start with status 53. This stands in for it, in the
 * throwaway Wine prefix the tests run in only, through RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
