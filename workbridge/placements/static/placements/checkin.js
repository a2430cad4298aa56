// WorkBridge check-in: geolocation + an offline queue (localStorage) that keeps each check-in's original time and
// a client key, so re-sending after a lost connection never records it twice (the server is idempotent on the key).
(function () {
  "use strict";
  var QUEUE_KEY = "wb-checkin-queue";
  var DEVICE_KEY = "wb-device-id";
  var API = "/api/v1/placements/checkins/";
  var root = document.querySelector("[data-checkin-root]");
  if (!root) return;
  var status = root.querySelector("[data-checkin-status]");
  var pending = root.querySelector("[data-checkin-pending]");
  var text = JSON.parse(root.getAttribute("data-text") || "{}");

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function deviceId() {
    var id = localStorage.getItem(DEVICE_KEY);
    if (!id) { id = uuid(); localStorage.setItem(DEVICE_KEY, id); }
    return id;
  }
  function load() { try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); render(); }
  function render() {
    var n = load().length;
    if (pending) pending.textContent = n ? (text.queued || "Waiting to send:") + " " + n : "";
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function show(message, tone) {
    if (!status) return;
    status.textContent = message;
    status.className = "checkin-status " + (tone || "");
  }

  function send(item) {
    return fetch(API, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
      body: JSON.stringify(item)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  var flushing = false;
  function flush() {
    if (flushing) return Promise.resolve();
    var queue = load();
    if (!queue.length) return Promise.resolve();
    flushing = true;
    var item = queue[0];
    item.offline = item.offline || (Date.now() - Date.parse(item.occurred_at) > 60000);
    return send(item).then(function (result) {
      var rest = load().filter(function (q) { return q.client_key !== item.client_key; });
      if (result.status === 200 || result.status === 201) {
        save(rest);
        var b = result.body;
        var fallback = b.within_geofence === false
          ? (text.outside || "Recorded, outside the workplace area") + " (" + b.distance_m + " m)"
          : (text.done || "Checked in") + (b.distance_m != null ? " (" + b.distance_m + " m)" : "");
        show(b.summary || fallback, b.within_geofence === false || b.qr_valid === false ? "warn" : "good");
        document.dispatchEvent(new CustomEvent("wb:checked-in", { detail: b }));
      } else if (result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429) {
        save(rest);  // the server refused it for good: show why, do not retry
        show((result.body && result.body.detail) || (text.refused || "Refused"), "bad");
      } else {
        show(text.retry || "Server busy; will retry", "warn");
        flushing = false;
        return;
      }
      flushing = false;
      return flush();
    }).catch(function () {
      flushing = false;
      save(load().map(function (q) { q.offline = true; return q; }));  // it could not be sent at once
      show(text.offline || "Offline: saved on this phone, will be sent when online", "warn");
    });
  }

  function enqueue(position) {
    var form = root.querySelector("form[data-checkin-form]");
    var item = {
      placement: parseInt(root.getAttribute("data-placement"), 10),
      client_key: uuid(),
      occurred_at: new Date().toISOString(),
      direction: (form && form.direction && form.direction.value) || "in",
      device_id: deviceId(),
      qr_token: (form && form.qr_token && form.qr_token.value.trim()) || ""
    };
    if (position) {
      item.latitude = position.coords.latitude;
      item.longitude = position.coords.longitude;
      item.accuracy_m = position.coords.accuracy;
    }
    item.offline = !navigator.onLine;
    var queue = load();
    queue.push(item);
    save(queue);
    if (!navigator.onLine) {
      show(text.offline || "Offline: saved on this phone, will be sent when online", "warn");
      return Promise.resolve();
    }
    return flush();
  }

  root.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-checkin-form]")) return;
    event.preventDefault();
    show(text.locating || "Getting your location...", "");
    var qr = event.target.qr_token && event.target.qr_token.value.trim();
    if (!navigator.geolocation) { if (qr) enqueue(null); else show(text.nogeo || "This browser cannot share a location; use the QR code.", "bad"); return; }
    navigator.geolocation.getCurrentPosition(
      function (position) { enqueue(position); },
      function () { if (qr) enqueue(null); else show(text.denied || "Location not available. Allow location access or scan the QR code.", "bad"); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
    );
  });

  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  render();
  flush();
  window.WorkBridgeCheckin = { flush: flush, queue: load };
})();
