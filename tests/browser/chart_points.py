"""The number of points in a drawn Plotly chart, as the browser tests count it: a JavaScript
function `points(gd)` to put in front of a script that maps it over the page's charts. Plotly 6
sends numeric arrays as base64 bytes with their dtype ('f8', 'i4', …) rather than as lists: those
count by their byte length. An indicator counts as one point."""

POINTS_JS = """
function points(gd) {
  var n = 0;
  (gd.data || []).forEach(function (t) {
    ['x', 'y', 'z', 'values', 'r', 'lat'].forEach(function (k) {
      var v = t[k];
      if (v && v.length !== undefined) n = Math.max(n, v.length);
      if (v && v.bdata !== undefined)
        n = Math.max(n, atob(v.bdata).length / parseInt(v.dtype.slice(1), 10));
    });
    if (t.type === 'indicator' && t.value !== undefined) n = Math.max(n, 1);
  });
  return n;
}
"""
