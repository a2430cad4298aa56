// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-nav]");
  if (!toggle) return;
  const nav = document.getElementById("mainnav");
  if (!nav) return;
  const open = nav.classList.toggle("open");
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
