// The optional workplace map on the position form (shown only when the operator configured a tile server).
// Tapping the map or dragging the pin fills the latitude and longitude fields; typing or pasting coordinates,
// or "use my current location", moves the pin. The fields stay the record: the map only helps to fill them.
(function () {
  var box = document.getElementById("position-map");
  if (!box || typeof L === "undefined") return;
  var lat = document.querySelector("input[name=latitude]");
  var lng = document.querySelector("input[name=longitude]");
  function typed() {
    var a = parseFloat(lat.value), b = parseFloat(lng.value);
    return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
  }
  var start = typed();
  var map = L.map(box).setView(start || [35.0, 105.0], start ? 16 : 4);
  L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.attribution }).addTo(map);
  var pin = null;
  function place(at) {
    if (pin) pin.setLatLng(at);
    else {
      pin = L.marker(at, { draggable: true }).addTo(map);
      pin.on("dragend", function () { fill(pin.getLatLng()); });
    }
  }
  function fill(at) {
    lat.value = at.lat.toFixed(6);
    lng.value = at.lng.toFixed(6);
  }
  if (start) place(start);
  map.on("click", function (e) { place(e.latlng); fill(e.latlng); });
  function follow() {
    var at = typed();
    if (!at) return;
    place(at);
    map.setView(at, Math.max(map.getZoom(), 16));
  }
  lat.addEventListener("change", follow);
  lng.addEventListener("change", follow);
})();
