/* Test-only stand-in for ucrtbase.dll in the Wine prefix (never shipped in the bundle).
 *
 * numpy >= 2.2.2 imports the C99 complex functions (cabsf, cexp, cpow, csin, ... and their f/l
 * variants) through api-ms-win-crt-math-l1-1-0.dll, which Wine resolves to ucrtbase.dll. Wine (8.0
 * and 10.0) only stubs them, so `import numpy` aborts with "unimplemented function
 * ucrtbase.dll.crealf". This DLL implements them (every function named standin_X is exported as X)
 * and forwards every other export of ucrtbase to ucrtbase_wine.dll, a copy of Wine's own ucrtbase
 * without its builtin mark (.ci/winpe.py writes the .def).
 *
 * MSVC ABI: _Fcomplex is struct { float _Val[2]; } (8 bytes: passed and returned in a register),
 * _Dcomplex and _Lcomplex are struct { double _Val[2]; } (MSVC's long double is double; 16 bytes:
 * passed by reference, returned through a hidden pointer). GCC for x86_64-w64-mingw32 applies the same
 * rules to these structs, so plain C structs match the ABI. The maths is MinGW's libmingwex.
 */
#include <complex.h>

typedef struct { float v[2]; } Fc;
typedef struct { double v[2]; } Dc;

static inline double _Complex dz(Dc a) { return __builtin_complex(a.v[0], a.v[1]); }
static inline float _Complex fz(Fc a) { return __builtin_complex(a.v[0], a.v[1]); }
static inline Dc dc(double _Complex z) { Dc r = {{creal(z), cimag(z)}}; return r; }
static inline Fc fc(float _Complex z) { Fc r = {{crealf(z), cimagf(z)}}; return r; }

/* z -> z functions: double, float, and the "l" (long double = double under MSVC) variant */
#define UNARY(name)                                                              \
    Dc standin_##name(Dc a) { return dc(name(dz(a))); }                          \
    Fc standin_##name##f(Fc a) { return fc(name##f(fz(a))); }                    \
    Dc standin_##name##l(Dc a) { return dc(name(dz(a))); }
/* z -> real functions */
#define REAL(name)                                                               \
    double standin_##name(Dc a) { return name(dz(a)); }                          \
    float standin_##name##f(Fc a) { return name##f(fz(a)); }                     \
    double standin_##name##l(Dc a) { return name(dz(a)); }

UNARY(cacos) UNARY(cacosh) UNARY(casin) UNARY(casinh) UNARY(catan) UNARY(catanh)
UNARY(ccos) UNARY(ccosh) UNARY(cexp) UNARY(clog) UNARY(conj) UNARY(cproj)
UNARY(csin) UNARY(csinh) UNARY(csqrt) UNARY(ctan) UNARY(ctanh)
REAL(cabs) REAL(carg) REAL(cimag) REAL(creal)

Dc standin_cpow(Dc a, Dc b) { return dc(cpow(dz(a), dz(b))); }
Fc standin_cpowf(Fc a, Fc b) { return fc(cpowf(fz(a), fz(b))); }
Dc standin_cpowl(Dc a, Dc b) { return dc(cpow(dz(a), dz(b))); }

/* clog10 is a UCRT extension */
Dc standin_clog10(Dc a) { return dc(clog(dz(a)) / 2.302585092994045684); }
Fc standin_clog10f(Fc a) { return fc(clogf(fz(a)) / 2.3025851f); }
Dc standin_clog10l(Dc a) { return dc(clog(dz(a)) / 2.302585092994045684); }

/* the MSVC helpers that build and multiply complex values */
Dc standin__Cbuild(double re, double im) { Dc r = {{re, im}}; return r; }
Fc standin__FCbuild(float re, float im) { Fc r = {{re, im}}; return r; }
Dc standin__LCbuild(double re, double im) { Dc r = {{re, im}}; return r; }
Dc standin__Cmulcc(Dc a, Dc b) { return dc(dz(a) * dz(b)); }
Fc standin__FCmulcc(Fc a, Fc b) { return fc(fz(a) * fz(b)); }
Dc standin__LCmulcc(Dc a, Dc b) { return dc(dz(a) * dz(b)); }
Dc standin__Cmulcr(Dc a, double b) { return dc(dz(a) * b); }
Fc standin__FCmulcr(Fc a, float b) { return fc(fz(a) * b); }
Dc standin__LCmulcr(Dc a, double b) { return dc(dz(a) * b); }
