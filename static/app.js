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
