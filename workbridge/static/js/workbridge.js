// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-nav]");
  if (!toggle) return;
  const bar = toggle.closest(".topbar");
  const open = bar ? bar.classList.toggle("open") : false;
  const nav = document.getElementById("mainnav");
  if (nav) nav.classList.toggle("open", open);
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});

// One open menu group at a time; a click outside closes it.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.navgroup[open]").forEach((group) => {
    if (!group.contains(event.target)) group.removeAttribute("open");
  });
});

// Destructive actions ask first: <form data-confirm="question"> (no inline handler, so it works under the CSP).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// <select data-autosubmit> submits its form on change (instead of an inline onchange="", which the CSP forbids).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
});

// An app on the phone: the service worker keeps the daily pages for offline use (workbridge/core/pwa.py).
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
  // Log-out clears what this phone kept, so the next person on a shared phone sees none of it.
  document.addEventListener("submit", (event) => {
    if (!event.target.closest("form[data-logout]")) return;
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("logout");
  });
}

// The install offer: the browser's own prompt where it has one, otherwise a short hint (iOS, WeChat's browser).
(() => {
  const banner = document.getElementById("install-banner");
  if (!banner) return;
  const standalone = window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone;
  const small = window.matchMedia("(max-width: 640px)").matches;
  let dismissed = false;
  try { dismissed = localStorage.getItem("wb-install-dismissed") === "1"; } catch (e) { /* private mode */ }
  if (standalone || dismissed || !small) return;
  let deferred = null;
  const installButton = banner.querySelector("[data-install]");
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    deferred = event;
    banner.dataset.mode = "prompt";
    banner.hidden = false;
  });
  if (!("onbeforeinstallprompt" in window)) {
    banner.dataset.mode = "hint";
    banner.hidden = false;
  }
  if (installButton) installButton.addEventListener("click", () => {
    if (!deferred) return;
    deferred.prompt();
    deferred.userChoice.finally(() => { banner.hidden = true; deferred = null; });
  });
  banner.querySelector("[data-dismiss]").addEventListener("click", () => {
    banner.hidden = true;
    try { localStorage.setItem("wb-install-dismissed", "1"); } catch (e) { /* private mode */ }
  });
})();
