// Nothing typed is lost: every form marked data-concept="<key>" keeps a draft in this browser's
// localStorage while it is being filled in. After a reload, a lost connection or an expired session
// (the server sends the login page, which returns to the form) the draft is put back with one sentence
// and a button to throw it away. It is forgotten once the server has saved the form, and at logout.
// Fields with data-max show how many characters are left; nothing typed or pasted is cut off.
(function () {
  "use strict";

  const VOORVOEGSEL = "concept:";
  const VERZONDEN = "concept-verzonden";

  function wie() { return (document.body && document.body.dataset.gebruiker) || "anoniem"; }
  function sleutel(formulier) { return VOORVOEGSEL + wie() + ":" + formulier.dataset.concept; }

  function velden(formulier) {
    return Array.from(formulier.elements).filter((veld) => veld.name && veld.name !== "csrf_token"
      && !["password", "hidden", "file", "submit", "button", "reset"].includes(veld.type));
  }

  // What the form holds now: name → value (a list for checkboxes, the chosen value for radios).
  function waarden(formulier) {
    const uit = {};
    velden(formulier).forEach((veld) => {
      if (veld.type === "checkbox") {
        uit[veld.name] = uit[veld.name] || [];
        if (veld.checked) uit[veld.name].push(veld.value);
      } else if (veld.type === "radio") {
        if (!(veld.name in uit)) uit[veld.name] = "";
        if (veld.checked) uit[veld.name] = veld.value;
      } else {
        uit[veld.name] = veld.value;
      }
    });
    return uit;
  }

  function zet(formulier, gegevens) {
    velden(formulier).forEach((veld) => {
      if (!(veld.name in gegevens)) return;
      const waarde = gegevens[veld.name];
      if (veld.type === "checkbox") veld.checked = waarde.includes(veld.value);
      else if (veld.type === "radio") veld.checked = veld.value === waarde;
      else veld.value = waarde;
      veld.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function gelijk(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function lees(formulier) {
    try { return JSON.parse(localStorage.getItem(sleutel(formulier)) || "null"); } catch (e) { return null; }
  }

  function vergeet(formulier) {
    try { localStorage.removeItem(sleutel(formulier)); } catch (e) { /* storage disabled */ }
  }

  function bewaar(formulier) {
    const nu = waarden(formulier);
    try {
      if (gelijk(nu, formulier._beginwaarden)) localStorage.removeItem(sleutel(formulier));
      else localStorage.setItem(sleutel(formulier), JSON.stringify({ tijd: Date.now(), velden: nu }));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function tijdstip(ms) {
    const d = new Date(ms);
    const uu = String(d.getHours()).padStart(2, "0");
    const mm = String(d.getMinutes()).padStart(2, "0");
    const vandaag = new Date().toDateString() === d.toDateString();
    return (vandaag ? "" : d.toLocaleDateString("nl-NL") + " ") + uu + ":" + mm;
  }

  function meldTeruggezet(formulier, concept) {
    const melding = document.createElement("div");
    melding.className = "melding concept-hersteld";
    melding.setAttribute("role", "status");
    const tekst = document.createElement("p");
    tekst.textContent = "Je niet-opgeslagen concept van " + tijdstip(concept.tijd)
      + " is teruggezet; het is nog niet opgeslagen."
      + (formulier.querySelector('input[type="file"]') ? " Kies je bestanden opnieuw: die bewaart de browser niet." : "");
    const weg = document.createElement("button");
    weg.type = "button";
    weg.className = "secundair";
    weg.textContent = "Concept weggooien";
    weg.addEventListener("click", () => {
      vergeet(formulier);
      zet(formulier, formulier._beginwaarden);
      melding.remove();
    });
    melding.append(tekst, weg);
    formulier.prepend(melding);
    // A draft behind a folded part (a correction behind "Corrigeren") must be seen: unfold it.
    const dicht = formulier.closest("details:not([open])");
    if (dicht) dicht.open = true;
  }

  // Put the draft back where it differs from what the server sent. The same values (a form sent back
  // with a message, as typed) are not a draft being restored, so they get no sentence.
  function herstel(formulier) {
    const concept = lees(formulier);
    if (!concept || !concept.velden) return;
    if (gelijk(concept.velden, formulier._beginwaarden)) return;
    zet(formulier, concept.velden);
    meldTeruggezet(formulier, concept);
  }

  function teller(veld) {
    const max = Number(veld.dataset.max);
    if (!max || veld._teller) return;
    const uitleg = document.createElement("span");
    uitleg.className = "tekenteller";
    uitleg.id = (veld.id || veld.name) + "-teller";
    uitleg.setAttribute("aria-live", "polite");
    veld._teller = uitleg;
    veld.insertAdjacentElement("afterend", uitleg);
    const bijwerken = () => {
      const lengte = veld.value.length;
      const teVeel = lengte - max;
      uitleg.hidden = lengte < max * 0.8;
      uitleg.classList.toggle("tekenteller-te-veel", teVeel > 0);
      uitleg.textContent = teVeel > 0
        ? lengte + " tekens: " + teVeel + " te veel (hoogstens " + max + ")"
        : lengte + " van hoogstens " + max + " tekens";
    };
    veld.addEventListener("input", bijwerken);
    veld.addEventListener("change", bijwerken);
    bijwerken();
  }

  function koppel(formulier) {
    if (formulier._concept) return;
    formulier._concept = true;
    formulier._beginwaarden = waarden(formulier);
    herstel(formulier);
    formulier.addEventListener("input", () => bewaar(formulier));
    formulier.addEventListener("change", () => bewaar(formulier));
  }

  // After a form was sent the ordinary way, the next page tells how it went: the login page (the
  // session had expired) keeps the draft; the same form with the draft's values is a refusal (keep it);
  // anything else (another page, or the form empty again) means it was saved.
  function naVerzenden() {
    let verzonden = null;
    try {
      verzonden = sessionStorage.getItem(VERZONDEN);
      sessionStorage.removeItem(VERZONDEN);
    } catch (e) { return; }
    if (!verzonden || window.location.pathname === "/inloggen") return;
    const zelfde = Array.from(document.querySelectorAll("form[data-concept]")).find((f) => sleutel(f) === verzonden);
    let concept = null;
    try { concept = JSON.parse(localStorage.getItem(verzonden) || "null"); } catch (e) { concept = null; }
    if (zelfde && concept && gelijk(concept.velden, waarden(zelfde))) return;
    try { localStorage.removeItem(verzonden); } catch (e) { /* ignore */ }
  }

  document.addEventListener("submit", (event) => {
    const formulier = event.target;
    if (formulier.matches && formulier.matches('form[action="/uitloggen"]')) {
      // Logging out on purpose: this person's drafts stay behind on no shared computer.
      try {
        Object.keys(localStorage).filter((k) => k.startsWith(VOORVOEGSEL + wie() + ":"))
          .forEach((k) => localStorage.removeItem(k));
      } catch (e) { /* ignore */ }
      return;
    }
    // A form sent by script (htmx, the upload) reports its outcome itself, below.
    if (event.defaultPrevented || !formulier.dataset || !formulier.dataset.concept) return;
    bewaar(formulier);
    try { sessionStorage.setItem(VERZONDEN, sleutel(formulier)); } catch (e) { /* ignore */ }
  });

  // htmx: a 2xx answer that does not lead to the login page (an expired session) means the server has it.
  document.addEventListener("htmx:after:request", (event) => {
    const formulier = event.target && event.target.closest && event.target.closest("form[data-concept]");
    const antwoord = event.detail && event.detail.ctx && event.detail.ctx.response;
    if (!formulier || !antwoord) return;
    const doel = antwoord.headers && antwoord.headers.get && antwoord.headers.get("HX-Redirect");
    const naarInloggen = doel && new URL(doel, window.location.href).pathname === "/inloggen";
    if (antwoord.status >= 200 && antwoord.status < 300 && !naarInloggen) vergeet(formulier);
  });

  // A block the server marks as saved (data-concept-opgeslagen="<key>") ends that draft too.
  function vergeetOpgeslagen() {
    document.querySelectorAll("[data-concept-opgeslagen]").forEach((blok) => {
      try { localStorage.removeItem(VOORVOEGSEL + wie() + ":" + blok.dataset.conceptOpgeslagen); } catch (e) { /* */ }
      blok.removeAttribute("data-concept-opgeslagen");
    });
  }

  function verwerk() {
    vergeetOpgeslagen();
    document.querySelectorAll("form[data-concept]").forEach(koppel);
    document.querySelectorAll("[data-max]").forEach(teller);
  }

  window.Concepten = { vergeet: vergeet };
  naVerzenden();
  verwerk();
  document.addEventListener("htmx:after:swap", verwerk);
})();
