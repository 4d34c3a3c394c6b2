// The bewijsstuk form, enhanced: onderbouwing fields follow their checkbox, files can be dropped,
// and the upload shows real progress. XMLHttpRequest, because fetch() reports no upload progress.
// Without JavaScript the same form posts normally.
(function () {
  "use strict";

  // Each ticked leeruitkomst shows its own onderbouwing field.
  document.querySelectorAll("input[data-onderbouwing]").forEach((vinkje) => {
    const blok = document.getElementById(vinkje.dataset.onderbouwing);
    if (!blok) return;
    const bijwerken = () => { blok.hidden = !vinkje.checked; };
    vinkje.addEventListener("change", bijwerken);
    bijwerken();
  });

  const formulier = document.querySelector("form[data-upload]");
  if (!formulier) return;

  const maxBestand = Number(formulier.dataset.maxBestand);
  const ruimteOver = Number(formulier.dataset.ruimteOver);
  const maxBestanden = Number(formulier.dataset.maxBestanden);
  const invoervelden = formulier.querySelectorAll('input[type="file"][name="bestanden"]');
  const lijst = document.getElementById("gekozen-bestanden");
  const zone = formulier.querySelector("[data-sleepzone]");
  const voortgangBlok = document.getElementById("upload-voortgang-blok");
  const voortgang = document.getElementById("upload-voortgang");
  const procent = document.getElementById("upload-procent");
  const foutPlek = document.getElementById("formulier-fout-plek");
  const knop = formulier.querySelector('button[type="submit"]');
  let gekozen = [];

  function grootte(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " kB";
    return bytes + " bytes";
  }

  function toonLijst() {
    lijst.replaceChildren();
    gekozen.forEach((bestand, index) => {
      const item = document.createElement("li");
      item.textContent = bestand.name + " (" + grootte(bestand.size) + ") ";
      const weg = document.createElement("button");
      weg.type = "button";
      weg.className = "secundair";
      weg.textContent = "Verwijder";
      weg.setAttribute("aria-label", "Verwijder " + bestand.name);
      weg.addEventListener("click", () => { gekozen.splice(index, 1); toonLijst(); });
      item.append(weg);
      lijst.append(item);
    });
  }

  function voegToe(bestanden) {
    gekozen = gekozen.concat(Array.from(bestanden));
    toonLijst();
  }

  invoervelden.forEach((veld) => {
    veld.addEventListener("change", () => {
      voegToe(veld.files);
      veld.value = ""; // the list above holds the files now; choosing again adds more
    });
  });

  if (zone) {
    ["dragenter", "dragover"].forEach((soort) => zone.addEventListener(soort, (event) => {
      event.preventDefault();
      zone.classList.add("actief");
    }));
    ["dragleave", "drop"].forEach((soort) => zone.addEventListener(soort, () => zone.classList.remove("actief")));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) voegToe(event.dataTransfer.files);
    });
  }

  // Field messages go to their own fields, where the page without JavaScript shows them too.
  function toonVeldmeldingen(antwoord) {
    formulier.querySelectorAll(".melding-fout[id$='-fout']").forEach((oud) => {
      const veld = document.getElementById(oud.id.slice(0, -"-fout".length));
      if (veld) {
        const rest = (veld.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== oud.id);
        if (rest.length) veld.setAttribute("aria-describedby", rest.join(" "));
        else veld.removeAttribute("aria-describedby");
        veld.removeAttribute("aria-invalid");
      }
      oud.remove();
    });
    antwoord.querySelectorAll("form .melding-fout[id$='-fout']").forEach((melding) => {
      const veld = document.getElementById(melding.id.slice(0, -"-fout".length));
      if (!veld || !formulier.contains(veld)) return;
      veld.parentNode.insertBefore(document.importNode(melding, true), veld);
      const ids = (veld.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      veld.setAttribute("aria-describedby", ids.concat(melding.id).join(" "));
      veld.setAttribute("aria-invalid", "true");
    });
  }

  function toonFout(berichtElement) {
    foutPlek.replaceChildren(berichtElement);
    berichtElement.focus();
  }

  function foutMelding(tekst) {
    const melding = document.createElement("div");
    melding.className = "melding melding-fout";
    melding.id = "formulier-fout";
    melding.setAttribute("role", "alert");
    melding.tabIndex = -1;
    melding.textContent = tekst;
    return melding;
  }

  function zetVoortgang(waarde) {
    voortgang.value = waarde;
    voortgang.textContent = waarde + "%";
    procent.textContent = waarde + "%";
  }

  function klaarVoorNieuwePoging() {
    knop.disabled = false;
    voortgangBlok.hidden = true;
    zetVoortgang(0);
  }

  formulier.addEventListener("submit", (event) => {
    event.preventDefault();
    if (gekozen.length > maxBestanden) {
      toonFout(foutMelding("Upload hoogstens " + maxBestanden + " bestanden tegelijk."));
      return;
    }
    const teGroot = gekozen.find((bestand) => bestand.size > maxBestand);
    if (teGroot) {
      toonFout(foutMelding(teGroot.name + " is groter dan de toegestane " + grootte(maxBestand) + "."));
      return;
    }
    if (gekozen.reduce((som, bestand) => som + bestand.size, 0) > ruimteOver) {
      toonFout(foutMelding("Er is niet genoeg ruimte meer in je portfolio: nog " + grootte(ruimteOver) + "."));
      return;
    }

    const gegevens = new FormData(formulier);
    gegevens.delete("bestanden");
    gekozen.forEach((bestand) => gegevens.append("bestanden", bestand, bestand.name));

    const verzoek = new XMLHttpRequest();
    verzoek.open("POST", formulier.action);
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf) verzoek.setRequestHeader("X-CSRF-Token", csrf.content);
    verzoek.upload.addEventListener("progress", (voortgangEvent) => {
      if (voortgangEvent.lengthComputable) {
        zetVoortgang(Math.round((voortgangEvent.loaded / voortgangEvent.total) * 100));
      }
    });
    verzoek.addEventListener("load", () => {
      if (verzoek.status >= 200 && verzoek.status < 300) {
        zetVoortgang(100);
        // Saved, unless the session had expired and the answer is the login page: then the draft stays.
        const naarInloggen = new URL(verzoek.responseURL).pathname === "/inloggen";
        if (!naarInloggen && window.Concepten) window.Concepten.vergeet(formulier);
        // The server answered with a redirect to the bewijsstuk; the request followed it.
        window.location.assign(verzoek.responseURL);
        return;
      }
      klaarVoorNieuwePoging();
      // The server sent the form (or an error page) with the reason; show just the reason here.
      const antwoord = new DOMParser().parseFromString(verzoek.responseText, "text/html");
      toonVeldmeldingen(antwoord);
      // A refused file is named; drop just that one, the other chosen files stay for the next try.
      const geweigerd = antwoord.getElementById("geweigerde-bestanden");
      if (geweigerd) {
        const namen = JSON.parse(geweigerd.dataset.bestanden || "[]");
        gekozen = gekozen.filter((bestand) => !namen.includes(bestand.name));
        toonLijst();
      }
      const melding = antwoord.getElementById("formulier-fout");
      const elders = antwoord.querySelector("main p");
      toonFout(melding ? document.importNode(melding, true)
        : foutMelding(elders ? elders.textContent : "Opslaan is mislukt (" + verzoek.status + "). Probeer het opnieuw."));
    });
    verzoek.addEventListener("error", () => {
      klaarVoorNieuwePoging();
      toonFout(foutMelding("De verbinding is verbroken tijdens het uploaden. Probeer het opnieuw."));
    });

    knop.disabled = true;
    zetVoortgang(0);
    voortgangBlok.hidden = false;
    verzoek.send(gegevens);
  });
})();
