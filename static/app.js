// Sends the page's CSRF token with every htmx request (htmx 4: ctx.request.headers).
document.addEventListener("htmx:config:request", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.ctx.request.headers["X-CSRF-Token"] = meta.content;
});

// A person field searches as you type; Enter there must not reload the page (its GET form is the
// fallback without JavaScript) and lose what was already filled in.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches?.("input[data-kiezer]")) event.preventDefault();
});

// The main menu folds behind its button on a phone and is always open on a wider screen.
(function () {
  const menu = document.querySelector("details[data-hoofdmenu]");
  if (!menu) return;
  const smal = window.matchMedia("(max-width: 48rem)");
  const pasAan = () => { menu.open = !smal.matches; };
  pasAan();
  smal.addEventListener("change", pasAan);
})();
