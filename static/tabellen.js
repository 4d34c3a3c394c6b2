// Labels every table cell with its column header (data-label), so that on a phone the rows can
// stack into cards that still say what each value is (static/app.css). Runs again on whatever
// htmx swaps in. Cells that already carry a data-label (data-label="" for none), or tables without
// headers, are left alone.
(() => {
  const kopjes = (table) => {
    const rij = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!rij) return null;
    const namen = [];
    for (const cel of rij.cells) {
      for (let i = 0; i < (cel.colSpan || 1); i++) namen.push(cel.textContent.trim());
    }
    return namen;
  };

  const label = (table) => {
    const namen = kopjes(table);
    if (!namen) return;
    for (const body of table.tBodies) {
      for (const rij of body.rows) {
        let kolom = 0;
        for (const cel of rij.cells) {
          const naam = namen[kolom];
          if (naam && !cel.hasAttribute("data-label")) cel.setAttribute("data-label", naam);
          // An empty cell would be a bare label on the card: hide it there.
          if (!cel.textContent.trim() && !cel.querySelector("input, button, select, a, img")) {
            cel.setAttribute("data-leeg", "");
          }
          kolom += cel.colSpan || 1;
        }
      }
    }
  };

  const alles = (wortel) => {
    if (wortel.matches && wortel.matches("table")) label(wortel);
    if (wortel.querySelectorAll) wortel.querySelectorAll("table").forEach(label);
  };

  const start = () => {
    alles(document);
    new MutationObserver((wijzigingen) => {
      for (const w of wijzigingen) w.addedNodes.forEach((n) => n.nodeType === 1 && alles(n.closest("table") || n));
    }).observe(document.body, { childList: true, subtree: true });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
