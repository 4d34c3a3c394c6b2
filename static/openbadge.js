// The Open Badge check: a chosen file is read here into the text field, so the page posts a small form
// (no upload) and a pasted credential works the same.
document.addEventListener("change", (gebeurtenis) => {
  const invoer = gebeurtenis.target;
  if (!(invoer instanceof HTMLInputElement) || !invoer.dataset.vult || !invoer.files?.length) return;
  const doel = document.getElementById(invoer.dataset.vult);
  invoer.files[0].slice(0, 60000).text().then((tekst) => { doel.value = tekst.trim(); });
});
