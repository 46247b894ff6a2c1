#!/usr/bin/env bash
# Refresh the JavaScript libraries and map data that the HTML view inlines, from npm at the
# pinned versions below, with their licences. Run from the repository root; needs npm.
set -euo pipefail
VIS_TIMELINE=8.5.4
TOPOJSON_CLIENT=3.1.0
WORLD_ATLAS=2.0.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund \
  "vis-timeline@$VIS_TIMELINE" "topojson-client@$TOPOJSON_CLIENT" "world-atlas@$WORLD_ATLAS")
n="$work/node_modules"
out=kg/templates/vendor
mkdir -p "$out"
# the source map is not shipped: drop the comment that points at it
sed 's|//# sourceMappingURL=[^ ]*||' "$n/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js" \
  > "$out/vis-timeline-graph2d.min.js"
cat "$n/vis-timeline/LICENSE.md" "$n/vis-timeline/LICENSE.MIT.txt" > "$out/vis-timeline.LICENSE.txt"
cp "$n/vis-timeline/LICENSE.Apache-2.0.txt" "$out/vis-timeline.LICENSE-Apache-2.0.txt"
cp "$n/topojson-client/dist/topojson-client.min.js" "$out/"
cp "$n/topojson-client/LICENSE" "$out/topojson-client.LICENSE.txt"
cp "$n/world-atlas/countries-110m.json" "$out/"
cp "$n/world-atlas/LICENSE" "$out/world-atlas.LICENSE.txt"
echo "vendored vis-timeline $VIS_TIMELINE, topojson-client $TOPOJSON_CLIENT, world-atlas $WORLD_ATLAS"
