// Nothing typed is lost: each judgement form keeps a draft in this browser's localStorage, restored
// after a reload or a new login, and dropped once the server saved the judgement.
(function () {
  "use strict";
  const VELDEN = ["oordeel", "feedback", "observatiedatum", "reden"];

  function sleutel(formulier) { return "concept:" + formulier.dataset.concept; }

  function bewaar(formulier) {
    const gegevens = new FormData(formulier);
    const concept = {};
    VELDEN.forEach((naam) => { if (gegevens.get(naam)) concept[naam] = gegevens.get(naam); });
    try {
      if (Object.keys(concept).length) localStorage.setItem(sleutel(formulier), JSON.stringify(concept));
      else localStorage.removeItem(sleutel(formulier));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function herstel(formulier) {
    let concept = null;
    try { concept = JSON.parse(localStorage.getItem(sleutel(formulier)) || "null"); } catch (e) { concept = null; }
    if (!concept) return;
    VELDEN.forEach((naam) => {
      const waarde = concept[naam];
      if (!waarde) return;
      formulier.querySelectorAll('[name="' + naam + '"]').forEach((veld) => {
        if (veld.type === "radio") veld.checked = veld.value === waarde;
        else if (!veld.value) veld.value = waarde;
      });
    });
    const melding = document.createElement("p");
    melding.className = "meta concept-hersteld";
    melding.setAttribute("role", "status");
    melding.textContent = "Je niet-opgeslagen concept is teruggezet.";
    formulier.prepend(melding);
    // A restored correction must be seen: unfold the "Corrigeren" it sits behind.
    const dicht = formulier.closest("details:not([open])");
    if (dicht) dicht.open = true;
  }

  function koppel(formulier) {
    if (formulier.dataset.conceptGekoppeld) return;
    formulier.dataset.conceptGekoppeld = "ja";
    herstel(formulier);
    formulier.addEventListener("input", () => bewaar(formulier));
    formulier.addEventListener("change", () => bewaar(formulier));
  }

  // A block that says "saved" means the judgement is on the server: forget its draft.
  function vergeetOpgeslagen() {
    document.querySelectorAll("[data-concept-opgeslagen]").forEach((melding) => {
      try { localStorage.removeItem("concept:" + melding.dataset.conceptOpgeslagen); } catch (e) { /* ignore */ }
      melding.removeAttribute("data-concept-opgeslagen");
    });
  }

  // One handler for the page as loaded and for every block htmx swaps in: forget what was saved,
  // then keep a draft of every form not yet followed. (An expired session needs nothing here: the
  // server answers a save with HX-Redirect to the login page, and the draft is already stored.)
  function verwerk() {
    vergeetOpgeslagen();
    document.querySelectorAll("form[data-concept]").forEach(koppel);
  }

  verwerk();
  document.addEventListener("htmx:after:swap", verwerk);
})();
