"""The documentation generator of libfitintel: the API reference from the public headers' comments
and the Python package's docstrings, as Markdown pages that MkDocs turns into the site.

c_headers.py reads the headers, py_package.py the package (with `ast`: no build needed), text.py
turns their markup into Markdown, pages.py lays out the pages, site.py runs the checks and MkDocs.
The command is tools/build-docs."""
