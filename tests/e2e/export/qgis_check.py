#!/usr/bin/env python3
"""Open exported layers in QGIS (headless) and check what a QGIS user would see.

usage: qgis_check.py FILE[|layername=NAME] COUNT DATEFIELD ...   (triples)
       qgis_check.py --styled URI ... [--unstyled URI ...]
The second form checks the default style QGIS loads: kharita's circles sized by "killed"
with labels (--styled), or QGIS's own plain style (--unstyled). Prints PASS/FAIL lines; exits 77 with a notice when QGIS's Python bindings are missing."""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import QgsApplication, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
except ImportError as e:
    print("SKIP qgis: python3-qgis is not installed (%s)" % e)
    sys.exit(77)

app = QgsApplication([], False)
app.initQgis()
args = sys.argv[1:]


def styles(args):
    from qgis.core import QgsSymbolLayer
    want = True
    for uri in args:
        if uri in ("--styled", "--unstyled"):
            want = uri == "--styled"
            continue
        name = os.path.basename(uri)
        layer = QgsVectorLayer(uri, name, "ogr")
        r = layer.renderer()
        sl = r.symbol().symbolLayer(0) if layer.isValid() and r.type() == "singleSymbol" else None
        size = sl.dataDefinedProperties().property(QgsSymbolLayer.PropertySize) if sl else None
        got = bool(size and size.isActive() and '"killed"' in size.expressionString() and
                   layer.labelsEnabled() and "name_ar" in layer.labeling().settings().fieldName
                   and r.orderByEnabled())
        print("%s qgis %s: %s" % ("PASS" if got == want else "FAIL", name,
              "opens with circles sized by killed, largest first, labelled in Arabic" if want
              else "opens with QGIS's own style (not kharita's)"))


if args and args[0] in ("--styled", "--unstyled"):
    styles(args)
    args = []
for i in range(0, len(args), 3):
    uri, count, datefield = args[i], int(args[i + 1]), args[i + 2]
    name = os.path.basename(uri)
    layer = QgsVectorLayer(uri, name, "ogr")

    def check(what, ok):
        print("%s qgis %s: %s" % ("PASS" if ok else "FAIL", name, what))

    check("valid", layer.isValid())
    if not layer.isValid():
        continue
    check("%d features (got %d)" % (count, layer.featureCount()), layer.featureCount() == count)
    if layer.isSpatial():
        check("CRS EPSG:4326 (got %s)" % layer.crs().authid(), layer.crs().authid() == "EPSG:4326")
    idx = layer.fields().indexOf(datefield)
    ftype = layer.fields().field(idx).type() if idx >= 0 else None
    check("%s is a Date (got %s)" % (datefield, ftype), ftype == QVariant.Date)
# exitQgis() crashes on some Debian builds after the work is done: leave without it.
sys.stdout.flush()
os._exit(0)
