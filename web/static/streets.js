// The street basemap (issue #17): vector tiles from the server's own PMTiles archive, drawn by
// protomaps-leaflet (loaded just before this file). The map (web/src/components/street_layers.rs)
// adds both scripts only when its server has a basemap and the visitor zooms in.
'use strict';

/// A Leaflet layer of the archive at `url`, in protomaps' light style, with labels in `lang`
/// where the archive has `name:<lang>` (else `name`), neighbourhood names included (protomaps'
/// style leaves them out), and `attribution` in the map's corner.
window.solidarityStreets = function solidarityStreets(url, lang, attribution) {
  // A layer made only to read the style's rules and colours for `lang`; it fetches nothing.
  const style = protomapsL.leafletLayer({ url, flavor: 'light', lang });
  const neighbourhoods = {
    dataLayer: 'places',
    minzoom: 12,
    symbolizer: new protomapsL.CenteredTextSymbolizer({
      labelProps: [`name:${lang}`, 'name'],
      fill: '#5b5b66',
      stroke: '#ffffff',
      width: 2,
      font: '500 11px sans-serif',
    }),
    filter: (zoom, feature) => feature.props.kind === 'neighbourhood',
  };
  return protomapsL.leafletLayer({
    url,
    lang,
    attribution,
    pane: 'streets',
    paintRules: style.paintRules,
    labelRules: [...style.labelRules, neighbourhoods],
    backgroundColor: style.backgroundColor,
  });
};
