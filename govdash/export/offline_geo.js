// Loaded into the chart renderer's page after plotly.js: an empty base-map topology for the map charts.
// plotly.js asks for one for every geo subplot, from its CDN unless told otherwise; the district maps hide
// every base layer and draw their own GeoJSON, so an empty topology draws the same picture with no download.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
window.PlotlyGeoAssets.topojson["world_110m"] = {"type": "Topology", "objects": {}, "arcs": []};
