"""Print where `meson install` should put the package for prefix argv[1]: the interpreter's own
site directory under that prefix (Debian: /usr/lib/python3/dist-packages for /usr,
/usr/local/lib/python3.X/dist-packages for /usr/local), or nothing to keep meson's choice."""
import site
import sys

prefix = sys.argv[1].rstrip("/") + "/lib/"
print(next((d for d in site.getsitepackages() if d.startswith(prefix)), ""))
