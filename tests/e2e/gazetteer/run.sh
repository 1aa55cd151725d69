#!/bin/bash
# The built gazetteer: the places reporting names most are found near their true positions,
# it is big enough, its curated rows agree with public reference data, and the places of the
# dev set can be found.
set -u
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-out/kharita}
REF=../shared/data/reference
DEV=../shared/eval/dev.jsonl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$KHARITA" gazetteer stats > /dev/null 2> "$tmp/err"; then
    echo "FAIL gazetteer index: $(cat "$tmp/err")"
    exit 1
fi

# 1. Six names within 2 km of where they are (any candidate).
check_near() {   # check_near NAME LAT LON
    local name=$1 lat=$2 lon=$3
    if ! "$KHARITA" gazetteer lookup --json "$name" > "$tmp/lookup" 2> "$tmp/err"; then
        echo "FAIL lookup $name: $(cat "$tmp/err")"
        return
    fi
    python3 - "$tmp/lookup" "$lat" "$lon" "$name" <<'PY'
import json, math, sys
path, lat, lon, name = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
def km(a, b, c, d):
    r = math.pi / 180
    x = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(x))
best = None
for line in open(path, encoding="utf-8"):
    p = json.loads(line)
    d = km(lat, lon, p["lat"], p["lon"])
    if best is None or d < best[0]:
        best = (d, p["id"], p["source"])
if best and best[0] <= 2.0:
    print("PASS lookup %s: %s (%s) %.2f km from its true position" % (name, best[1], best[2], best[0]))
else:
    print("FAIL lookup %s: nearest candidate %s" % (name, "%s %.1f km away" % (best[1], best[0]) if best else "none"))
PY
}
check_near "داريا" 33.458 36.236
check_near "البوكمال" 34.453 40.918
check_near "ديرالزور" 35.336 40.141
check_near "مخيم اليرموك" 33.473 36.303
check_near "خان طومان" 36.112 37.055
check_near "الحجر الأسود" 33.466 36.305

# 2. Size: at least 1500 Syrian entries.
if "$KHARITA" gazetteer stats --json > "$tmp/stats"; then
    python3 - "$tmp/stats" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
n = s["syrian"]
print("%s stats: %d Syrian entries (of %d), %d keys, checksum %s" % (
    "PASS" if n >= 1500 and s["checksum_ok"] else "FAIL", n, s["places"], s["keys"],
    "ok" if s["checksum_ok"] else "BAD"))
PY
else
    echo "FAIL stats: kharita gazetteer stats --json exited $?"
fi

# 3. Curated rows against public reference data (development machines only). A curated row
#    and a reference entry match when their folded Arabic names are equal, their kinds are of
#    one family (admin units / places) and their governorates agree (so that the الحميدية of
#    Homs is not compared with the الحميدية of Hama). Populated places must lie within 5 km.
#    Admin units stand at their seat town while the reference gives the centroid of their
#    area, so they are held to the distance a reader would accept for such a unit (the
#    scorer's tolerances: sub-district 20 km, district 30 km, governorate 100 km).
if [ -d "$REF" ]; then
    python3 - "$REF" gazetteer/curated <<'PY'
import glob, json, math, re, sys
ref, cur = sys.argv[1], sys.argv[2]
def fold(s):
    s = re.sub("[\u064b-\u0652\u0670\u0640]", "", s or "")
    for a, b in (("أإآٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي")):
        s = re.sub("[" + a + "]", b, s)
    return " ".join(s.split())
def km(a, b, c, d):
    r = math.pi / 180
    x = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(x))
ADMIN = {"governorate", "district", "subdistrict"}
TOL = {"governorate": 100, "district": 30, "subdistrict": 20}
PLACE = {"city", "town", "village", "neighbourhood", "camp", "landmark"}
REGION = {"IDLIB": {"Idlib"}, "ALEPPO": {"Aleppo"}, "HAMA": {"Hama"}, "DAMASCUS": {"Damascus", "Rif Dimashq"},
          "HOMS": {"Homs"}, "LATTAKIA": {"Latakia"}, "DEIR EZZOR": {"Deir ez-Zor"}, "HASAKAH": {"Al-Hasakah"},
          "QUINETRA": {"Quneitra"}, "DARAA": {"Daraa"}, "SUWAYDA": {"As-Suwayda"}, "TARTOUS": {"Tartus"}}
refs = {"admin": {}, "place": {}}
def add(fam, name, lat, lon, govs, what):
    k = fold(name)
    if k:
        refs[fam].setdefault(k, []).append((float(lat), float(lon), govs, what))
gov_en = {e["id"]: e["name"]["en"] for e in json.load(open(ref + "/open_syria_geography/governorates.json", encoding="utf-8"))}
for f in ("governorates", "districts", "subdistricts"):
    for e in json.load(open("%s/open_syria_geography/%s.json" % (ref, f), encoding="utf-8")):
        c = e.get("centroid") or {}
        if c.get("latitude") is None:
            continue
        govs = {gov_en.get(e.get("governorateId", e["id"]), "")}
        names = [e["name"].get("ar")] + [a["value"] for a in e.get("aliases", []) if a.get("language") == "ar"]
        for n in set(names):
            add("admin", n, c["latitude"], c["longitude"], govs, "open_syria_geography/" + f + " centroid")
for e in json.load(open(ref + "/syrianarchive_locations/locations.json", encoding="utf-8")):
    try:
        add("place", e.get("arabic_name"), e["latitude"], e["longitude"],
            REGION.get((e.get("region") or "").strip(), set()), "syrianarchive")
    except (TypeError, ValueError, KeyError):
        pass
for e in json.load(open(ref + "/trrcms_neighbourhoods/aleppo_neighborhoods_v1.json", encoding="utf-8"))["items"]:
    add("place", e.get("nameArabic"), e["centerLatitude"], e["centerLongitude"], {"Aleppo"}, "trrcms")
stat = {"admin": [0, 0], "place": [0, 0]}
misses = []
for path in sorted(glob.glob(cur + "/*.tsv")):
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) != 15 or f[0] == "id" or line.startswith("#") or f[13] != "SY":
            continue
        fam = "admin" if f[4] in ADMIN else "place" if f[4] in PLACE else None
        if not fam:
            continue
        cands = [r for r in refs[fam].get(fold(f[1]), []) if not f[5] or not r[2] or f[5] in r[2]]
        if not cands:
            continue
        lat, lon = float(f[9]), float(f[10])
        d, what = min((km(lat, lon, a, b), w) for a, b, g, w in cands)
        stat[fam][0] += 1
        if d <= TOL.get(f[4], 5):
            stat[fam][1] += 1
        else:
            misses.append((d, f[1], f[0], lat, lon, what))
for fam in ("admin", "place"):
    m, n = stat[fam]
    print("  %s entries: %d of %d within tolerance (%.1f%%)" % (fam, n, m, 100.0 * n / m if m else 0))
for d, name, id_, lat, lon, what in sorted(misses, reverse=True):
    print("  miss: %s (%s) ours %.4f,%.4f, %s %.1f km away" % (name, id_, lat, lon, what, d))
matched = stat["admin"][0] + stat["place"][0]
near = stat["admin"][1] + stat["place"][1]
pct = 100.0 * near / matched if matched else 0
print("%s reference: %d of %d curated Syrian entries found in the reference lie within tolerance (%.1f%%)"
      % ("PASS" if matched and pct >= 90 else "FAIL", near, matched, pct))
PY
else
    echo "reference check skipped: $REF not found"
    echo "PASS reference (skipped)"
fi

# 4. Every Syrian gold place of the dev set can be found by its surface (clitics removed).
if [ -f "$DEV" ]; then
    python3 - "$DEV" > "$tmp/names" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    for p in json.loads(line).get("places", []):
        if p.get("country") != "SY" or p.get("kind") not in ("city", "town", "village", "neighbourhood", "camp", "landmark"):
            continue
        if p["surface"] not in seen:
            seen.add(p["surface"])
            print("%s\t%s" % (p["surface"], p.get("name_en") or ""))
PY
    found=0 total=0 missing=""
    while IFS=$'\t' read -r surface en; do
        total=$((total + 1))
        ok=0
        for cand in "$surface" "${surface#و}" "${surface#ب}" "${surface#ل}" "${surface#ف}" \
                    "${surface#وب}" "${surface#ول}" "ال${surface#لل}" "ال${surface#بال}" "ال${surface#وال}"; do
            if "$KHARITA" gazetteer lookup "$cand" > /dev/null 2>&1; then ok=1; break; fi
        done
        if [ $ok = 1 ]; then found=$((found + 1)); else missing="$missing$surface ($en); "; fi
    done < "$tmp/names"
    pct=$(( total ? found * 100 / total : 0 ))
    [ -n "$missing" ] && echo "  not found: $missing"
    if [ "$pct" -ge 90 ]; then r=PASS; else r=FAIL; fi
    echo "$r dev places: $found of $total Syrian gold places found ($pct%)"
else
    echo "dev check skipped: $DEV not found"
    echo "PASS dev places (skipped)"
fi
