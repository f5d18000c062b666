"""The built library through ctypes, for the kernel tests: the library, pointer types, a few
helpers, and `struct()`, which lays out a C struct as the compiler does.

No C declaration is copied here: a struct's members, their order, kinds, offsets and sizes come
from fitintel._layout (offsetof, sizeof and _Generic compiled into the bindings, swig/glue.c),
and each ctypes struct is checked against the compiler's offsets and size when it is made."""
import ctypes as C
import keyword
import os
import pathlib

import numpy as np

from fitintel import _layout

LIB = C.CDLL(str(pathlib.Path(os.environ.get("FITINTEL_BUILD_ROOT", "build")) / "libfitintel" / "libfitintel.so.0"))
DBL = C.POINTER(C.c_double)
I32 = C.POINTER(C.c_int32)
FI_OK, FI_EINVALID = 0, -5

# (kind, size) as fitintel._layout gives them -> the ctypes type
_CTYPES = {("f", 4): C.c_float, ("f", 8): C.c_double, ("s", C.sizeof(C.c_char_p)): C.c_char_p}
for _bits in (8, 16, 32, 64):
    _CTYPES["i", _bits // 8] = getattr(C, f"c_int{_bits}")
    _CTYPES["u", _bits // 8] = getattr(C, f"c_uint{_bits}")


def struct(name):
    """The ctypes.Structure of C struct @name, its members in the compiler's order. A member named
    like a Python keyword gets a trailing underscore, as in the SWIG layer (`from` is `from_`)."""
    itemsize, members = _layout.layout(name)
    fields, where = [], {}
    for member, (offset, size, kind, shape) in sorted(members.items(), key=lambda m: m[1][0]):
        count = shape[0] if shape else 1
        ctype = _CTYPES[kind, size // count]
        attr = member + "_" if keyword.iskeyword(member) else member
        fields.append((attr, ctype * count if shape else ctype))
        where[attr] = (offset, size)
    cls = type(name, (C.Structure,), {"_fields_": fields})
    got = {attr: (getattr(cls, attr).offset, getattr(cls, attr).size) for attr in where}
    if got != where or C.sizeof(cls) != itemsize:
        raise TypeError(f"ctypes lays out {name} as {got} ({C.sizeof(cls)} bytes); "
                        f"the compiler as {where} ({itemsize} bytes)")
    return cls


def arr(a):
    a = np.ascontiguousarray(a, dtype=np.float64)
    return a, a.ctypes.data_as(DBL)


def call(fn, *args):
    rc = fn(*args)
    assert rc == FI_OK, f"{fn.__name__} returned {rc}"
