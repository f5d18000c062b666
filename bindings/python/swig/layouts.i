/* The memory layout of the frozen structs that cross as bytes (outputs.i: FI_BULK_RESULT), so
 * the package builds numpy dtypes from the compiler's offsets instead of guessing them; the kernel
 * tests build their ctypes structs from it too (glue.h). */
PyObject *fipy_layouts(void);
