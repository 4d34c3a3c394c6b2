// Sends the page's CSRF token with every htmx request (htmx 4: ctx.request.headers).
document.addEventListener("htmx:config:request", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.ctx.request.headers["X-CSRF-Token"] = meta.content;
});
