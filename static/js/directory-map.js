// Shows the directory results on a map when JavaScript and Leaflet are available.
// The list on the page holds everything; the map only adds a picture of where things are.
(function () {
  "use strict";
  var section = document.querySelector("[data-map]");
  var data = document.getElementById("map-points");
  if (!section || !data || !window.L) {
    return;
  }
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }
  section.hidden = false;
  var canvas = section.querySelector(".directory-map__canvas");
  var map = window.L.map(canvas, { scrollWheelZoom: false });
  if (canvas.dataset.tiles) {
    window.L.tileLayer(canvas.dataset.tiles, {
      attribution: canvas.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
  }
  var bounds = [];
  points.forEach(function (point) {
    var marker = window.L.marker([point.lat, point.lon], { title: point.title, alt: point.title });
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    marker.bindPopup(link).addTo(map);
    bounds.push([point.lat, point.lon]);
  });
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
})();
