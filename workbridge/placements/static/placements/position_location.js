// "Use my current location" on the position form: an enterprise admin standing at the workplace fills the
// latitude and longitude from the phone instead of typing them (the page's Permissions-Policy allows it).
(function () {
  var button = document.getElementById("use-my-location");
  if (!button) return;
  var status = document.getElementById("location-status");
  if (!("geolocation" in navigator)) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        document.querySelector("input[name=latitude]").value = pos.coords.latitude.toFixed(6);
        document.querySelector("input[name=longitude]").value = pos.coords.longitude.toFixed(6);
        document.querySelector("input[name=longitude]").dispatchEvent(new Event("change"));
        status.textContent = button.dataset.done.replace("{m}", Math.round(pos.coords.accuracy));
      },
      function () {
        status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
    );
  });
})();
