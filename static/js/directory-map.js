// Shows the directory results on a map when JavaScript and Leaflet are available.
// The list on the page holds everything; the map only adds a picture of where things are.
// Markers that would overlap at the current zoom are shown as one numbered marker, so every
// marker stays big enough to press and none hides another.
(function () {
  "use strict";
  var section = document.querySelector("[data-map]");
  var data = document.getElementById("map-points");
  if (!section || !data || !window.L) {
    return;
  }
  var L = window.L;
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }
  section.hidden = false;
  var canvas = section.querySelector(".directory-map__canvas");
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = L.map(canvas, {
    scrollWheelZoom: false,
    fadeAnimation: !still,
    zoomAnimation: !still,
    markerZoomAnimation: !still,
  });
  if (canvas.dataset.tiles) {
    L.tileLayer(canvas.dataset.tiles, {
      attribution: canvas.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
  }
  // A default marker is 25 by 41 pixels, anchored at its foot; a numbered one 32 by 32.
  var APART_X = 34;
  var APART_Y = 46;
  var layer = L.layerGroup().addTo(map);

  function link(point) {
    var anchor = document.createElement("a");
    anchor.href = point.url;
    anchor.textContent = point.title;
    return anchor;
  }

  function groupsAtThisZoom() {
    var groups = [];
    points.forEach(function (point) {
      var spot = map.latLngToLayerPoint([point.lat, point.lon]);
      var near = groups.find(function (group) {
        return Math.abs(group.spot.x - spot.x) < APART_X && Math.abs(group.spot.y - spot.y) < APART_Y;
      });
      if (near) {
        near.points.push(point);
      } else {
        groups.push({ spot: spot, points: [point] });
      }
    });
    return groups;
  }

  function draw() {
    layer.clearLayers();
    groupsAtThisZoom().forEach(function (group) {
      var first = group.points[0];
      if (group.points.length === 1) {
        L.marker([first.lat, first.lon], { title: first.title, alt: first.title })
          .bindPopup(link(first))
          .addTo(layer);
        return;
      }
      var names = group.points.map(function (point) { return point.title; }).join(", ");
      var icon = L.divIcon({
        className: "directory-map__cluster",
        html: '<span aria-hidden="true">' + group.points.length + "</span>",
        iconSize: [32, 32],
        iconAnchor: [16, 32],
      });
      var list = document.createElement("ul");
      group.points.forEach(function (point) {
        var item = document.createElement("li");
        item.appendChild(link(point));
        list.appendChild(item);
      });
      var marker = L.marker([first.lat, first.lon], { icon: icon }).bindPopup(list).addTo(layer);
      var element = marker.getElement();
      element.setAttribute("aria-label", group.points.length + " listings here: " + names);
      element.dataset.count = String(group.points.length);
    });
  }

  map.fitBounds(
    points.map(function (point) { return [point.lat, point.lon]; }),
    { padding: [30, 30], maxZoom: 13 }
  );
  draw();
  map.on("zoomend", draw);
})();
