// WorkBridge check-in: geolocation + an offline queue (localStorage) that keeps each check-in's original time and
// a client key, so re-sending after a lost connection never records it twice (the server is idempotent on the key).
// A photo taken with the check-in waits beside it in IndexedDB (a Blob, keyed by the client key) and goes with it as
// multipart/form-data when the check-in is sent; without a photo the check-in is sent as JSON (the fast path).
(function () {
  "use strict";
  var QUEUE_KEY = "wb-checkin-queue";
  var PHOTO_DB = "wb-checkin-photos";
  var DEVICE_KEY = "wb-device-id";
  var API = "/api/v1/placements/checkins/";
  var root = document.querySelector("[data-checkin-root]");
  if (!root) return;
  var status = root.querySelector("[data-checkin-status]");
  var pending = root.querySelector("[data-checkin-pending]");
  var text = JSON.parse(root.getAttribute("data-text") || "{}");
  var photoPolicy = root.getAttribute("data-photo-policy") || "off";
  var photoInput = root.querySelector("[data-checkin-photo]");
  var preview = root.querySelector("[data-checkin-preview]");

  // --- photos waiting with their check-in: IndexedDB, or memory when the browser has none (private mode) ---
  var memoryPhotos = {};
  var dbPromise = null;
  function db() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      var request;
      try { request = indexedDB.open(PHOTO_DB, 1); } catch (e) { resolve(null); return; }
      request.onupgradeneeded = function () { request.result.createObjectStore("photos"); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { resolve(null); };
    });
    return dbPromise;
  }
  function photoOp(mode, fn) {
    return db().then(function (database) {
      if (!database) return fn(null);
      return new Promise(function (resolve) {
        var tx = database.transaction("photos", mode);
        var result = fn(tx.objectStore("photos"));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : null); };
        tx.onerror = tx.onabort = function () { resolve(null); };
      });
    }).catch(function () { return fn(null); });
  }
  function putPhoto(key, blob) {
    memoryPhotos[key] = blob;
    return photoOp("readwrite", function (store) { if (store) store.put(blob, key); return null; });
  }
  function getPhoto(key) {
    return photoOp("readonly", function (store) { return store ? store.get(key) : null; }).then(function (blob) {
      return blob || memoryPhotos[key] || null;
    });
  }
  function dropPhoto(key) {
    delete memoryPhotos[key];
    return photoOp("readwrite", function (store) { if (store) store.delete(key); return null; });
  }

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

  function body(item) {
    if (!item.photo) return Promise.resolve({ json: item });
    return getPhoto(item.client_key).then(function (blob) {
      var data = {};
      Object.keys(item).forEach(function (k) { if (k !== "photo" && item[k] != null) data[k] = item[k]; });
      if (!blob) return { json: data };  // the photo was lost (storage cleared): the server says if one is needed
      var form = new FormData();
      Object.keys(data).forEach(function (k) { form.append(k, String(data[k])); });
      form.append("photo", blob, "photo.jpg");
      return { form: form };
    });
  }

  function send(item) {
    return body(item).then(function (payload) {
      var headers = { "X-CSRFToken": csrf(), "Accept": "application/json" };
      if (payload.json) headers["Content-Type"] = "application/json";
      return fetch(API, {
        method: "POST",
        credentials: "same-origin",
        headers: headers,
        body: payload.json ? JSON.stringify(payload.json) : payload.form
      });
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
        if (item.photo) dropPhoto(item.client_key);
        var b = result.body;
        var fallback = b.within_geofence === false
          ? (text.outside || "Recorded, outside the workplace area") + " (" + b.distance_m + " m)"
          : (text.done || "Checked in") + (b.distance_m != null ? " (" + b.distance_m + " m)" : "");
        show(b.summary || fallback, b.within_geofence === false || b.qr_valid === false ? "warn" : "good");
        listCheckin(b);
        document.dispatchEvent(new CustomEvent("wb:checked-in", { detail: b }));
      } else if (result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429) {
        save(rest);  // the server refused it for good: show why, do not retry
        if (item.photo) dropPhoto(item.client_key);
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

  function enqueue(position, photo) {
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
    if (photo) item.photo = true;
    var stored = photo ? putPhoto(item.client_key, photo) : Promise.resolve();
    return stored.then(function () {
      var queue = load();
      queue.push(item);
      save(queue);
      clearPhoto();
      if (!navigator.onLine) {
        show(text.offline || "Offline: saved on this phone, will be sent when online", "warn");
        return;
      }
      return flush();
    });
  }

  function chosenPhoto() {
    return photoInput && photoInput.files && photoInput.files.length ? photoInput.files[0] : null;
  }
  function clearPhoto() {
    if (photoInput) photoInput.value = "";
    if (preview) { preview.hidden = true; preview.removeAttribute("src"); }
  }
  if (photoInput && preview) {
    photoInput.addEventListener("change", function () {
      var file = chosenPhoto();
      if (!file) { clearPhoto(); return; }
      if (status && status.className.indexOf("bad") !== -1) show("", "");  // "take a photo first" is answered
      var reader = new FileReader();  // a data: URL, which the page's Content-Security-Policy allows for images
      reader.onload = function () { preview.src = reader.result; preview.hidden = false; };
      reader.readAsDataURL(file);
    });
  }

  // --- the check-in just recorded goes to the top of the list below, as the page shows it after a reload ---
  var list = root.querySelector("[data-checkin-list]");
  var timeZone = root.getAttribute("data-time-zone") || undefined;
  function when(iso) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: timeZone, month: "2-digit", day: "2-digit", hour: "2-digit",
        minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) { return ""; }
    return parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  }
  function badge(label, tone) {
    var span = document.createElement("span");
    span.className = "badge" + (tone ? " " + tone : "");
    span.textContent = label;
    return span;
  }
  function listCheckin(b) {
    if (!list || b.id == null || list.querySelector('[data-checkin-id="' + b.id + '"]')) return;  // a re-send
    var li = document.createElement("li");
    li.setAttribute("data-checkin-id", String(b.id));
    li.appendChild(document.createTextNode(when(b.occurred_at) + " " + (b.direction === "out" ? text.out : text.in) + " · "));
    if (b.within_geofence) li.appendChild(badge(text.inside, "good"));
    else if (b.within_geofence === false) li.appendChild(badge(text.outside_at + " " + b.distance_m + " m", "warn"));
    if (b.offline) { li.appendChild(document.createTextNode(" ")); li.appendChild(badge(text.sent_later, "")); }
    if (b.photo) {
      var link = document.createElement("a");
      link.href = b.photo;
      link.className = "checkin-thumb-link";
      var img = document.createElement("img");
      img.src = b.photo;
      img.className = "checkin-thumb";
      img.alt = text.photo_alt || "";
      link.appendChild(img);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
    }
    list.insertBefore(li, list.firstChild);
  }

  root.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-checkin-form]")) return;
    event.preventDefault();
    var photo = photoPolicy === "off" ? null : chosenPhoto();
    if (photoPolicy === "required" && !photo) {
      show(text.photo_needed || "Take a photo at the workplace first.", "bad");
      return;
    }
    show(text.locating || "Getting your location...", "");
    var qr = event.target.qr_token && event.target.qr_token.value.trim();
    if (!navigator.geolocation) { if (qr) enqueue(null, photo); else show(text.nogeo || "This browser cannot share a location; use the QR code.", "bad"); return; }
    navigator.geolocation.getCurrentPosition(
      function (position) { enqueue(position, photo); },
      function () { if (qr) enqueue(null, photo); else show(text.denied || "Location not available. Allow location access or scan the QR code.", "bad"); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
    );
  });

  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  render();
  flush();
  window.WorkBridgeCheckin = { flush: flush, queue: load };
})();
