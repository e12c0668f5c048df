/* Test-only stand-in for bcryptprimitives.dll in the Wine prefix (never shipped in the bundle).
 *
 * python_calamine's Rust standard library imports bcryptprimitives.dll!ProcessPrng, which Wine 8.0
 * lacks (Wine 10 has it), so `import python_calamine` fails with "DLL load failed". ProcessPrng fills
 * the buffer from the system's random generator; here through RtlGenRandom (advapi32's
 * SystemFunction036), which Wine implements.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI standin_ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
