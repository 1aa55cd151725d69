/* QGIS styles for kharita's point layers: circles sized by the people killed, largest drawn
 * first, labelled with the place's Arabic name and figure. Written as a .qml beside a file
 * layer (QGIS loads it as the layer's default style) or into a GeoPackage's layer_styles. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>

#include "output/output_int.h"

/* The comment that marks a style file as kharita's (and so one it may replace). */
#define STYLE_MARK "<!-- kharita: QGIS style"

/* XML-escape S into a new string (CPLFree). */
static char *xml(const char *s)
{
    return CPLEscapeString(s, -1, CPLES_XML);
}

int out_style_applies(OGRFeatureDefnH defn)
{
    OGRwkbGeometryType gt = wkbFlatten(OGR_FD_GetGeomType(defn));
    return gt == wkbPoint && OGR_FD_GetFieldIndex(defn, "killed") >= 0 &&
           (OGR_FD_GetFieldIndex(defn, "name_ar") >= 0 || OGR_FD_GetFieldIndex(defn, "name_en") >= 0);
}

char *out_style_qml(OGRFeatureDefnH defn, long kmax)
{
    if (!out_style_applies(defn))
        return NULL;
    if (kmax < 1)
        kmax = 1;
    int ar = OGR_FD_GetFieldIndex(defn, "name_ar") >= 0, en = OGR_FD_GetFieldIndex(defn, "name_en") >= 0;
    const char *name = ar && en ? "coalesce(\"name_ar\", \"name_en\")" : ar ? "\"name_ar\"" : "\"name_en\"";
    /* the circle's area in proportion to the killed: 1.6 mm for a few, 16 mm for the most */
    char size[256], label[512];
    snprintf(size, sizeof size, "CASE WHEN \"killed\" > 0 THEN 1.6 + 14.4 * sqrt(\"killed\" / %ld.0) "
             "ELSE 1.6 END", kmax);
    snprintf(label, sizeof label, "CASE WHEN \"killed\" > 0 THEN %s || ' ' || \"killed\" ELSE %s END",
             name, name);
    char *xsize = xml(size), *xlabel = xml(label);
    char *qml = CPLStrdup(CPLSPrintf(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        STYLE_MARK " for a layer it wrote; it replaces this file when it writes the layer "
        "again. -->\n"
        "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"1\">\n"
        "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"1\" forceraster=\"0\">\n"
        "    <symbols>\n"
        "      <symbol type=\"marker\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        "        <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
        "          <Option type=\"Map\">\n"
        "            <Option name=\"name\" value=\"circle\" type=\"QString\"/>\n"
        "            <Option name=\"color\" value=\"178,24,43,170\" type=\"QString\"/>\n"
        "            <Option name=\"outline_color\" value=\"103,0,13,230\" type=\"QString\"/>\n"
        "            <Option name=\"outline_style\" value=\"solid\" type=\"QString\"/>\n"
        "            <Option name=\"outline_width\" value=\"0.25\" type=\"QString\"/>\n"
        "            <Option name=\"outline_width_unit\" value=\"MM\" type=\"QString\"/>\n"
        "            <Option name=\"scale_method\" value=\"diameter\" type=\"QString\"/>\n"
        "            <Option name=\"size\" value=\"1.6\" type=\"QString\"/>\n"
        "            <Option name=\"size_unit\" value=\"MM\" type=\"QString\"/>\n"
        "          </Option>\n"
        "          <data_defined_properties>\n"
        "            <Option type=\"Map\">\n"
        "              <Option name=\"name\" value=\"\" type=\"QString\"/>\n"
        "              <Option name=\"properties\" type=\"Map\">\n"
        "                <Option name=\"size\" type=\"Map\">\n"
        "                  <Option name=\"active\" value=\"true\" type=\"bool\"/>\n"
        "                  <Option name=\"expression\" value=\"%s\" type=\"QString\"/>\n"
        "                  <Option name=\"type\" value=\"3\" type=\"int\"/>\n"
        "                </Option>\n"
        "              </Option>\n"
        "              <Option name=\"type\" value=\"collection\" type=\"QString\"/>\n"
        "            </Option>\n"
        "          </data_defined_properties>\n"
        "        </layer>\n"
        "      </symbol>\n"
        "    </symbols>\n"
        "    <orderby>\n"
        "      <orderByClause asc=\"0\" nullsFirst=\"0\">\"killed\"</orderByClause>\n"
        "    </orderby>\n"
        "  </renderer-v2>\n"
        "  <labeling type=\"simple\">\n"
        "    <settings calloutType=\"simple\">\n"
        "      <text-style fieldName=\"%s\" isExpression=\"1\" fontFamily=\"Noto Sans Arabic\" "
        "fontSize=\"9\" fontSizeUnit=\"Point\" fontWeight=\"63\" textColor=\"30,30,30,255\" "
        "textOpacity=\"1\">\n"
        "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
        "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\" bufferNoFill=\"1\"/>\n"
        "      </text-style>\n"
        "      <placement placement=\"6\" dist=\"0.8\" distUnits=\"MM\" "
        "predefinedPositionOrder=\"TR,TL,BR,BL,R,L,TSR,BSR\"/>\n"
        "      <rendering obstacle=\"1\" obstacleType=\"1\" drawLabels=\"1\" "
        "labelPerPart=\"0\" zIndex=\"0\"/>\n"
        "    </settings>\n"
        "  </labeling>\n"
        "  <layerGeometryType>0</layerGeometryType>\n"
        "</qgis>\n",
        xsize, xlabel));
    CPLFree(xsize);
    CPLFree(xlabel);
    return qml;
}

int out_style_sidecar(const char *data_path, const char *final_path, const char *qml,
                      kh_error *err)
{
    char *ds = out_path_stem(data_path), *fs = out_path_stem(final_path);
    char path[4096], final[4096];
    int too_long = !ds || !fs || snprintf(path, sizeof path, "%s.qml", ds) >= (int)sizeof path ||
                   snprintf(final, sizeof final, "%s.qml", fs) >= (int)sizeof final;
    free(ds);
    free(fs);
    if (too_long)
        return kh_error_set(err, KH_E_OUTPUT, "%s: path too long for its style file", final_path);
    /* a style of the user's own (not one of ours) beside the output is left alone */
    FILE *fp = fopen(final, "r");
    if (fp) {
        char head[512] = "";
        size_t n = fread(head, 1, sizeof head - 1, fp);
        fclose(fp);
        head[n] = '\0';
        if (!strstr(head, STYLE_MARK))
            return 0;
    }
    if (!(fp = fopen(path, "w")))
        return kh_error_set(err, KH_E_OUTPUT, "%s: cannot write its QGIS style: %s", final_path,
                            strerror(errno));
    int bad = fputs(qml, fp) < 0;
    bad |= fclose(fp) != 0;
    if (bad) {
        unlink(path);
        return kh_error_set(err, KH_E_OUTPUT, "%s: cannot write its QGIS style", final_path);
    }
    return 0;
}

/* The fields of QGIS's layer_styles table (what QGIS itself creates in a GeoPackage). */
static const struct { const char *name; OGRFieldType type; } style_fields[] = {
    { "f_table_catalog", OFTString }, { "f_table_schema", OFTString },
    { "f_table_name", OFTString },    { "f_geometry_column", OFTString },
    { "styleName", OFTString },       { "styleQML", OFTString },
    { "styleSLD", OFTString },        { "useAsDefault", OFTInteger },
    { "description", OFTString },     { "owner", OFTString },
    { "ui", OFTString },              { "update_time", OFTDateTime },
};

int out_style_gpkg(GDALDatasetH ds, const char *layer, const char *qml, const char *shown,
                   kh_error *err)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
    OGRLayerH st = GDALDatasetGetLayerByName(ds, "layer_styles");
    if (!l)
        return kh_error_set(err, KH_E_OUTPUT, "%s: no layer %s to style", shown, layer);
    if (!st) {
        st = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, NULL);
        for (size_t i = 0; st && i < sizeof style_fields / sizeof *style_fields; i++) {
            OGRFieldDefnH fd = OGR_Fld_Create(style_fields[i].name, style_fields[i].type);
            if (style_fields[i].type == OFTInteger && strcmp(style_fields[i].name, "useAsDefault") == 0)
                OGR_Fld_SetSubType(fd, OFSTBoolean);
            if (OGR_L_CreateField(st, fd, TRUE) != OGRERR_NONE)
                st = NULL;
            OGR_Fld_Destroy(fd);
        }
        if (!st)
            return kh_error_set(err, KH_E_OUTPUT, "%s: cannot add the QGIS style table: %s",
                                shown, out_gdal_msg("unknown GDAL error"));
    }
    /* one default style per layer: an older one of ours is replaced */
    OGR_L_SetAttributeFilter(st, CPLSPrintf("f_table_name = '%s' AND styleName = 'kharita'", layer));
    OGR_L_ResetReading(st);
    GIntBig old[16];
    size_t nold = 0;
    for (OGRFeatureH f; (f = OGR_L_GetNextFeature(st));) {
        if (nold < sizeof old / sizeof *old)
            old[nold++] = OGR_F_GetFID(f);
        OGR_F_Destroy(f);
    }
    OGR_L_SetAttributeFilter(st, NULL);
    for (size_t i = 0; i < nold; i++)
        if (OGR_L_DeleteFeature(st, old[i]) != OGRERR_NONE)
            return kh_error_set(err, KH_E_OUTPUT, "%s: cannot replace the QGIS style of %s: %s",
                                shown, layer, out_gdal_msg("unknown GDAL error"));
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(st));
    const char *geom = OGR_L_GetGeometryColumn(l);
    OGR_F_SetFieldString(f, 0, "");
    OGR_F_SetFieldString(f, 1, "");
    OGR_F_SetFieldString(f, 2, layer);
    OGR_F_SetFieldString(f, 3, geom && *geom ? geom : "geom");
    OGR_F_SetFieldString(f, 4, "kharita");
    OGR_F_SetFieldString(f, 5, qml);
    OGR_F_SetFieldString(f, 6, "");
    OGR_F_SetFieldInteger(f, 7, 1);
    OGR_F_SetFieldString(f, 8, "circles sized by the people killed, labelled in Arabic");
    OGR_F_SetFieldString(f, 9, "");
    OGR_F_SetFieldString(f, 10, "");
    OGRErr e = OGR_L_CreateFeature(st, f);
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE)
        return kh_error_set(err, KH_E_OUTPUT, "%s: cannot store the QGIS style of %s: %s", shown,
                            layer, out_gdal_msg("unknown GDAL error"));
    return 0;
}

int out_style_store(GDALDatasetH ds, const char *shown, kh_error *err)
{
    static const char *const layers[] = { "events", "places_day", "places_week", "places_month" };
    for (size_t i = 0; i < sizeof layers / sizeof *layers; i++) {
        OGRLayerH l = GDALDatasetGetLayerByName(ds, layers[i]);
        if (!l || !out_style_applies(OGR_L_GetLayerDefn(l)))
            continue;
        /* the largest figure sets the scale; running totals are not drawn to it */
        long kmax = 0;
        OGRLayerH r = GDALDatasetExecuteSQL(
            ds, CPLSPrintf("SELECT MAX(killed) FROM %s%s", layers[i],
                           i == 0 ? " WHERE cumulative = 0 OR cumulative IS NULL" : ""),
            NULL, NULL);
        OGRFeatureH f = r ? OGR_L_GetNextFeature(r) : NULL;
        if (f && OGR_F_IsFieldSetAndNotNull(f, 0))
            kmax = (long)OGR_F_GetFieldAsInteger64(f, 0);
        if (f)
            OGR_F_Destroy(f);
        if (r)
            GDALDatasetReleaseResultSet(ds, r);
        char *qml = out_style_qml(OGR_L_GetLayerDefn(l), kmax);
        int rc = qml ? out_style_gpkg(ds, layers[i], qml, shown, err) : 0;
        CPLFree(qml);
        if (rc)
            return rc;
    }
    return 0;
}
